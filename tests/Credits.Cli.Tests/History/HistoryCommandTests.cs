using Credits.Cli.Hosting;
using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;

namespace Credits.Cli.Tests.History;

/// <summary>history: the journal as a table or JSON lines; with --follow, live entries until Ctrl-C, then exit 0.</summary>
public sealed class HistoryCommandTests(DatabaseProvider provider) : CliFixture(provider)
{
    [Test]
    public async Task History_prints_one_row_per_entry_under_a_header()
    {
        var account = NewAccount();
        var lot = (await Grant(account, 40, "g-1")).LotId;

        var result = await Credits("history", account);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.OutLines, Is.EqualTo(new[]
        {
            "seq     time                      kind            amount      available   held      actor             details",
            $"1       2026-03-01T09:30:00.000Z  grant           40          40          0         operator          bucket=purchased lot={lot} reference=test",
        }));
    }

    [Test]
    public async Task History_after_a_sequence_starts_after_it()
    {
        var account = NewAccount();
        await Grant(account, 1, "g-1");
        await Grant(account, 2, "g-2");

        var result = await Credits("history", account, "--after", "1", "--json");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.OutLines, Has.Count.EqualTo(1));
        Assert.That(result.OutLines[0], Does.Contain("\"sequence\":2,"));
    }

    [Test]
    public async Task History_follow_prints_the_past_then_a_live_entry_and_exits_0_when_interrupted()
    {
        var account = NewAccount();
        await Grant(account, 1, "g-1");
        using var output = new LineWriter();
        using var interrupt = new CancellationTokenSource();
        var console = new CliConsole(output, TextWriter.Null, false, _ => null);

        var following = CliApp.RunAsync(
            ["history", account, "--follow", "--json", "--url", Server.Address.ToString(), "--api-key", CliKeys.Admin], console, interrupt.Token);
        await output.WaitForLinesAsync(1);
        await Grant(account, 2, "g-2");
        await output.WaitForLinesAsync(2);
        interrupt.Cancel();
        var exitCode = await following.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(exitCode, Is.Zero);
        Assert.That(output.Lines, Has.Count.EqualTo(2));
        Assert.That(output.Lines[0], Does.Contain("\"sequence\":1,").And.Contain("\"amount\":1,"));
        Assert.That(output.Lines[1], Does.Contain("\"sequence\":2,").And.Contain("\"amount\":2,"));
    }
}

using Credits.Cli.Hosting;
using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;
using Credits.Testing;
using Credits.Testing.Hosting;
using Credits.V1;

namespace Credits.Cli.Tests.History;

/// <summary>history --follow across a server restart: it resumes after the last sequence it printed, with no gap and no repeat.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class HistoryResumeTests(DatabaseProvider provider)
{
    [Test]
    public async Task A_follower_whose_server_restarts_resumes_after_the_last_entry_it_printed()
    {
        var database = TestDatabases.Create(provider, out var drop);
        try
        {
            var port = LoopbackPorts.Free();
            var first = await CliServer.StartOnAsync(database, time: null, port: port);
            using (var client = first.Client())
            {
                await Grant(client, 1);
            }
            using var output = new LineWriter();
            using var warnings = new StringWriter();
            using var interrupt = new CancellationTokenSource();
            var console = new CliConsole(output, warnings, false, _ => null);
            var following = CliApp.RunAsync(
                ["history", "user:restart", "--follow", "--json", "--url", first.Address.ToString(), "--api-key", CliKeys.Admin], console, interrupt.Token);
            await output.WaitForLinesAsync(1);

            await first.DisposeAsync();
            await using var second = await CliServer.StartOnAsync(database, time: null, port: port);
            using (var client = second.Client())
            {
                await Grant(client, 2);
            }
            await output.WaitForLinesAsync(2, TimeSpan.FromSeconds(30));
            interrupt.Cancel();
            var exitCode = await following.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.That(exitCode, Is.Zero);
            Assert.That(output.Lines, Has.Count.EqualTo(2));
            Assert.That(output.Lines[0], Does.Contain("\"sequence\":1,"));
            Assert.That(output.Lines[1], Does.Contain("\"sequence\":2,"));
            Assert.That(warnings.ToString(), Does.Contain("stream interrupted; resuming after sequence 1"));
        }
        finally
        {
            drop();
        }
    }

    private static Task<GrantResponse> Grant(Credits.Client.CreditsClient client, long amount) =>
        client.GrantAsync(new GrantRequest { AccountId = "user:restart", Amount = amount, Bucket = Bucket.Free, IdempotencyKey = $"g-{amount}" });
}

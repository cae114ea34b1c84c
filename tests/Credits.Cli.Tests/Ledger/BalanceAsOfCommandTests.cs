using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;

namespace Credits.Cli.Tests.Ledger;

/// <summary><c>credits balance --as-of [--explain]</c>: the balance replayed as of an instant, and its lots.</summary>
public sealed class BalanceAsOfCommandTests(DatabaseProvider provider) : CliFixture(provider)
{
    [Test]
    public async Task Balance_as_of_an_instant_shows_the_balance_then_and_explain_lists_its_lots()
    {
        var account = NewAccount();
        var lot = (await Grant(account, 80, "g-1")).LotId;
        var then = Server.Time!.GetUtcNow();
        Server.Time.Advance(TimeSpan.FromMinutes(1));
        await Grant(account, 20, "g-2");

        var result = await Credits("balance", account, "--as-of", then.ToString("O"), "--explain");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.OutLines[1], Does.StartWith($"{account}  80 "), "80 available then, not the 100 of now");
        Assert.That(result.OutLines[^2], Does.Match("^lot +bucket +granted +spent +held +expired +remaining +entries$"));
        Assert.That(result.OutLines[^1], Does.Match($"^{lot} +purchased +80 +0 +0 +0 +80 +1$"), "the one lot then, moved by entry 1");
    }

    [Test]
    public async Task Explain_without_as_of_and_an_instant_in_the_future_are_refused_naming_what_is_wrong()
    {
        var account = NewAccount();

        var explainAlone = await Credits("balance", account, "--explain");
        var future = await Credits("balance", account, "--as-of", Server.Time!.GetUtcNow().AddDays(1).ToString("O"));
        var notAnInstant = await Credits("balance", account, "--as-of", "yesterday");

        Assert.That(explainAlone.ExitCode, Is.EqualTo(2), explainAlone.ToString());
        Assert.That(explainAlone.Error, Does.Contain("--explain needs --as-of"));
        Assert.That(future.ExitCode, Is.EqualTo(3), future.ToString());
        Assert.That(future.Error, Does.Contain("as_of"));
        Assert.That(notAnInstant.ExitCode, Is.EqualTo(2), notAnInstant.ToString());
        Assert.That(notAnInstant.Error, Does.Contain("'yesterday' is not a date or time"));
    }
}

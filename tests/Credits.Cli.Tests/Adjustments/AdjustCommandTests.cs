using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;
using Credits.V1;

namespace Credits.Cli.Tests.Adjustments;

/// <summary>credits adjust: a signed correction with a reason, through the server's AdminService.Adjust.</summary>
public sealed class AdjustCommandTests(DatabaseProvider provider) : CliFixture(provider)
{
    [Test]
    public async Task Adjust_adds_and_removes_credits_and_refuses_to_go_below_zero()
    {
        var account = NewAccount();

        var added = await Credits("adjust", account, "25", "--reason", "goodwill, ticket 7", "--idempotency-key", "adj-1");
        var removed = await Credits("adjust", account, "--reason", "double grant", "--idempotency-key", "adj-2", "--", "-10");
        var tooMuch = await Credits("adjust", account, "--reason", "typo", "--idempotency-key", "adj-3", "--", "-16");

        Assert.That(added.ExitCode, Is.Zero, added.ToString());
        Assert.That(added.OutLines[0], Does.Match("^adjusted by 25 as lot lot_[A-Za-z0-9_-]+ \\(idempotency key adj-1\\)$"));
        Assert.That(removed.ExitCode, Is.Zero, removed.ToString());
        Assert.That(removed.OutLines[0], Is.EqualTo("adjusted by -10 (idempotency key adj-2)"));
        Assert.That(tooMuch.ExitCode, Is.EqualTo(3), tooMuch.ToString());
        Assert.That(tooMuch.Error, Does.StartWith("error: INSUFFICIENT_CREDITS: "));
        var balance = await Client.GetBalanceAsync(account);
        Assert.That(balance.Available, Is.EqualTo(15));
        Assert.That(balance.Buckets.Single().Bucket, Is.EqualTo(Bucket.Adjustment));
    }
}

using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;
using Credits.V1;

namespace Credits.Cli.Tests.Refunds;

/// <summary>credits refund: gives back part, then the rest, of a committed hold through the server's RefundCharge.</summary>
public sealed class RefundCommandTests(DatabaseProvider provider) : CliFixture(provider)
{
    [Test]
    public async Task Refund_gives_back_part_then_the_rest_and_refuses_more_than_was_committed()
    {
        var account = NewAccount();
        await Client.GrantAsync(new GrantRequest { AccountId = account, Amount = 30, Bucket = Bucket.Purchased, IdempotencyKey = "g-1" });
        var hold = await Client.ReserveAsync(new ReserveRequest { AccountId = account, Amount = 10, IdempotencyKey = "r-1" });
        await Client.CommitAsync(new CommitRequest { HoldId = hold.HoldId });

        var partial = await Credits("refund", "--hold", hold.HoldId, "--amount", "4", "--reason", "poor result", "--idempotency-key", "rf-1");
        var rest = await Credits("refund", "--hold", hold.HoldId, "--reason", "operation failed", "--idempotency-key", "rf-2");
        var more = await Credits("refund", "--hold", hold.HoldId, "--amount", "1", "--reason", "again", "--idempotency-key", "rf-3");

        Assert.That(partial.ExitCode, Is.Zero, partial.ToString());
        Assert.That(partial.OutLines[0], Is.EqualTo("refunded 4 (idempotency key rf-1)"));
        Assert.That(rest.OutLines[0], Is.EqualTo("refunded 6 (idempotency key rf-2)"));
        Assert.That(more.ExitCode, Is.EqualTo(3), more.ToString());
        Assert.That(more.Error, Does.StartWith("error: REFUND_EXCEEDS_COMMITTED: "));
        Assert.That((await Client.GetBalanceAsync(account)).Available, Is.EqualTo(30));
    }
}

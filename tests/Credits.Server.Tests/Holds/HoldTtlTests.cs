using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Credits.Server.Tests.Holds;

/// <summary>
/// Hold TTLs and lot expiry over gRPC, moved by the server's fake clock. The sweeper stays out of the way:
/// what time makes due is applied lazily by every read and write.
/// </summary>
public sealed class HoldTtlTests(DatabaseProvider provider) : ServerFixture(provider)
{
    [Test]
    public async Task A_hold_still_counts_as_held_until_its_ttl_passes()
    {
        var account = NewAccount();
        await Grant(account, 50);
        await Reserve(account, 20, ttl: TimeSpan.FromSeconds(10));

        Time.Advance(TimeSpan.FromSeconds(9));

        var balance = await Writer.GetBalanceAsync(account);
        Assert.That(balance.Available, Is.EqualTo(30));
        Assert.That(balance.Held, Is.EqualTo(20));
    }

    [Test]
    public async Task A_hold_past_its_ttl_reads_as_released()
    {
        var account = NewAccount();
        await Grant(account, 50);
        await Reserve(account, 20, ttl: TimeSpan.FromSeconds(10));

        Time.Advance(TimeSpan.FromSeconds(11));

        var balance = await Writer.GetBalanceAsync(account);
        Assert.That(balance.Available, Is.EqualTo(50));
        Assert.That(balance.Held, Is.Zero);
        Assert.That(balance.Buckets, Is.EqualTo(new[] { new BucketBalance { Bucket = Bucket.Purchased, Available = 50 } }));
    }

    [Test]
    public async Task Commit_after_the_ttl_fails_with_failed_precondition_hold_not_active_expired()
    {
        var account = NewAccount();
        await Grant(account, 50);
        var hold = await Reserve(account, 20, ttl: TimeSpan.FromSeconds(10));
        Time.Advance(TimeSpan.FromSeconds(11));

        var error = await RpcFailure(() =>
            Raw.CommitAsync(new CommitRequest { HoldId = hold.HoldId }, LedgerServer.Bearer(TestKeys.Writer)).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        var info = ErrorInfoOf(error);
        Assert.That(info.Reason, Is.EqualTo("HOLD_NOT_ACTIVE"));
        Assert.That(info.Metadata["holdId"], Is.EqualTo(hold.HoldId));
        Assert.That(info.Metadata["state"], Is.EqualTo("expired"));
        var balance = await Writer.GetBalanceAsync(account);
        Assert.That(balance.Available, Is.EqualTo(50));
        Assert.That(balance.Held, Is.Zero);
    }

    [Test]
    public async Task A_lot_past_its_expiry_no_longer_counts_and_leaves_next_expiry_to_the_following_lot()
    {
        var account = NewAccount();
        var first = Now + TimeSpan.FromHours(1);
        var second = Now + TimeSpan.FromHours(3);
        await Grant(account, 30, Bucket.Promo, expiresAt: first);
        await Grant(account, 40, Bucket.Gift, expiresAt: second);

        Time.Advance(TimeSpan.FromHours(1));

        var balance = await Writer.GetBalanceAsync(account);
        Assert.That(balance.Available, Is.EqualTo(40));
        Assert.That(balance.NextExpiry.Amount, Is.EqualTo(40));
        Assert.That(balance.NextExpiry.ExpiresAt, Is.EqualTo(Timestamp.FromDateTimeOffset(second)));
        Assert.That(balance.Buckets, Is.EqualTo(new[] { new BucketBalance { Bucket = Bucket.Gift, Available = 40 } }));
    }
}

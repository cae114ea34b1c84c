using Credits.Ledger.Balances;
using Credits.Ledger.Data;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Balances;

public sealed class BalanceTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    [Test]
    public async Task An_unknown_account_reads_as_empty()
    {
        var balance = await Ledger.Balance("user:ghost");

        Assert.That((balance.AccountId, balance.Available, balance.Held), Is.EqualTo(("user:ghost", 0L, 0L)));
        Assert.That(balance.Buckets, Is.Empty);
        Assert.That(balance.NextExpiry, Is.Null);
    }

    [Test]
    public async Task The_balance_breaks_down_by_bucket_listing_only_non_empty_buckets()
    {
        await Ledger.Grant("user:1", 10, Bucket.Free);
        await Ledger.Grant("user:1", 50, Bucket.Purchased);
        await Ledger.Grant("user:1", 5, Bucket.Gift);
        var hold = await Ledger.Reserve("user:1", 5);
        await Ledger.Commit(hold.HoldId);
        await Ledger.Reserve("user:1", 7);

        var balance = await Ledger.Balance("user:1");

        // Free (priority 100) burns first, then gift (200), and purchased (600) last.
        Assert.That((balance.Available, balance.Held), Is.EqualTo((53L, 7L)));
        Assert.That(balance.Buckets, Is.EqualTo(new[]
        {
            new BucketBalance(Bucket.Free, 0, 5),
            new BucketBalance(Bucket.Purchased, 50, 0),
            new BucketBalance(Bucket.Gift, 3, 2),
        }));
    }

    [Test]
    public async Task Next_expiry_is_unset_when_nothing_expires()
    {
        await Ledger.Grant("user:1", 10);

        Assert.That((await Ledger.Balance("user:1")).NextExpiry, Is.Null);
    }

    [Test]
    public async Task Next_expiry_sums_every_lot_expiring_at_the_soonest_moment()
    {
        await Ledger.Grant("user:1", 3, expiresIn: TimeSpan.FromDays(1));
        await Ledger.Grant("user:1", 4, expiresIn: TimeSpan.FromDays(1));
        await Ledger.Grant("user:1", 100, expiresIn: TimeSpan.FromDays(9));

        var next = (await Ledger.Balance("user:1")).NextExpiry;

        Assert.That(next, Is.EqualTo(new UpcomingExpiry(7, LedgerHarness.Start + TimeSpan.FromDays(1))));
    }

    [Test]
    public async Task Every_mutating_result_carries_the_balance_after_the_change()
    {
        var grant = await Ledger.Grant("user:1", 10);
        var reserve = await Ledger.Reserve("user:1", 4);
        var commit = await Ledger.Commit(reserve.HoldId, 1);

        Assert.That(grant.Balance.Available, Is.EqualTo(10));
        Assert.That((reserve.Balance.Available, reserve.Balance.Held), Is.EqualTo((6L, 4L)));
        Assert.That((commit.Balance.Available, commit.Balance.Held), Is.EqualTo((9L, 0L)));
    }
}

using Credits.Ledger.Data;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.BurnDown;

public sealed class BurnDownOrderTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    [Test]
    public async Task Credits_burn_from_the_lowest_priority_first()
    {
        var late = await Ledger.Grant("user:1", 10, priority: 500);
        var early = await Ledger.Grant("user:1", 10, priority: 100);

        var hold = await Ledger.Reserve("user:1", 4);
        await Ledger.Commit(hold.HoldId);

        var commit = (await Ledger.History("user:1")).Last();
        Assert.That(commit.Parts, Is.EqualTo(new[] { new LotPart(early.LotId, 4) }));
        Assert.That(late.LotId, Is.Not.EqualTo(early.LotId));
    }

    [Test]
    public async Task Among_equal_priorities_the_soonest_expiry_burns_first_and_never_expiring_lots_last()
    {
        var never = await Ledger.Grant("user:1", 5, priority: 100);
        var later = await Ledger.Grant("user:1", 5, priority: 100, expiresIn: TimeSpan.FromDays(30));
        var sooner = await Ledger.Grant("user:1", 5, priority: 100, expiresIn: TimeSpan.FromDays(2));

        var hold = await Ledger.Reserve("user:1", 12);

        var reserve = (await Ledger.History("user:1")).Last();
        Assert.That(reserve.HoldId, Is.EqualTo(hold.HoldId));
        Assert.That(reserve.Parts, Is.EqualTo(new[]
        {
            new LotPart(sooner.LotId, 5),
            new LotPart(later.LotId, 5),
            new LotPart(never.LotId, 2),
        }));
    }

    [Test]
    public async Task Among_equal_priority_and_expiry_the_oldest_lot_burns_first()
    {
        var older = await Ledger.Grant("user:1", 3, priority: 100);
        Ledger.Advance(TimeSpan.FromSeconds(1));
        var newer = await Ledger.Grant("user:1", 3, priority: 100);

        await Ledger.Reserve("user:1", 4);

        var reserve = (await Ledger.History("user:1")).Last();
        Assert.That(reserve.Parts, Is.EqualTo(new[] { new LotPart(older.LotId, 3), new LotPart(newer.LotId, 1) }));
    }

    [Test]
    public async Task A_grant_without_priority_takes_its_buckets_default_so_free_credits_burn_before_purchased()
    {
        var purchased = await Ledger.Grant("user:1", 10, Bucket.Purchased);
        var free = await Ledger.Grant("user:1", 10, Bucket.Free);

        await Ledger.Reserve("user:1", 10);

        var balance = await Ledger.Balance("user:1");
        Assert.That(balance.Buckets.Single(b => b.Bucket == Bucket.Free).Held, Is.EqualTo(10));
        Assert.That(balance.Buckets.Single(b => b.Bucket == Bucket.Purchased).Available, Is.EqualTo(10));
        Assert.That(purchased.LotId, Is.Not.EqualTo(free.LotId));
    }

    [Test]
    public async Task Priority_outranks_expiry()
    {
        var expiringButExpensive = await Ledger.Grant("user:1", 5, priority: 900, expiresIn: TimeSpan.FromHours(1));
        var cheapNeverExpiring = await Ledger.Grant("user:1", 5, priority: 10);

        await Ledger.Reserve("user:1", 5);

        var reserve = (await Ledger.History("user:1")).Last();
        Assert.That(reserve.Parts, Is.EqualTo(new[] { new LotPart(cheapNeverExpiring.LotId, 5) }));
        Assert.That(expiringButExpensive.Balance.Available, Is.EqualTo(5));
    }
}

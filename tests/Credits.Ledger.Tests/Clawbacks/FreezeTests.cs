using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Journal;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Clawbacks;

public sealed class FreezeTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private Task<FreezeResult> Freeze(string account, string lotId, string dispute) =>
        Ledger.Ledger.FreezeAsync(new FreezeCommand(LedgerHarness.Caller, account, lotId, dispute, "freeze:" + dispute));

    private Task<UnfreezeResult> Unfreeze(string account, string dispute) =>
        Ledger.Ledger.UnfreezeAsync(new UnfreezeCommand(LedgerHarness.Caller, account, dispute, "unfreeze:" + dispute));

    [Test]
    public async Task A_dispute_freezes_what_is_left_of_the_purchase_so_it_stops_counting_as_available()
    {
        await Ledger.Grant("user:1", 20, Ledger.Options.BucketPriorities.Keys.First());
        var purchase = await Ledger.Grant("user:1", 100, priority: 0);
        var hold = await Ledger.Reserve("user:1", 30);
        await Ledger.Commit(hold.HoldId);

        var frozen = await Freeze("user:1", purchase.LotId, "dp_1");

        Assert.That(frozen.Frozen, Is.EqualTo(70));
        Assert.That((frozen.Balance.Available, frozen.Balance.Held, frozen.Balance.Frozen), Is.EqualTo((20L, 70L, 70L)));
        var error = await Fails(() => Ledger.Reserve("user:1", 21));
        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.InsufficientCredits));
        Assert.That((await Ledger.History("user:1")).Last().Kind, Is.EqualTo(EntryKind.Freeze));
    }

    [Test]
    public async Task A_won_dispute_makes_the_frozen_credits_available_again()
    {
        var purchase = await Ledger.Grant("user:1", 100);
        await Freeze("user:1", purchase.LotId, "dp_1");

        var unfrozen = await Unfreeze("user:1", "dp_1");

        Assert.That(unfrozen.Unfrozen, Is.EqualTo(100));
        Assert.That((unfrozen.Balance.Available, unfrozen.Balance.Held, unfrozen.Balance.Frozen), Is.EqualTo((100L, 0L, 0L)));
    }

    [Test]
    public async Task A_lost_dispute_claws_back_the_frozen_credits_first_in_the_same_transaction()
    {
        await Ledger.Grant("user:1", 10, priority: 1);
        var purchase = await Ledger.Grant("user:1", 100, priority: 0);
        var hold = await Ledger.Reserve("user:1", 40);
        await Ledger.Commit(hold.HoldId);
        await Freeze("user:1", purchase.LotId, "dp_1");

        var unfreeze = new UnfreezeCommand(LedgerHarness.Caller, "user:1", "dp_1", "unfreeze:dp_1");
        var clawBack = new ClawbackCommand(LedgerHarness.Caller, "user:1", 100, purchase.LotId, "dp_1", "clawback:dp_1", LedgerHarness.NoMetadata);

        var outcomes = await Ledger.Ledger.ExecuteBatchAsync([unfreeze, clawBack]);

        var clawback = outcomes[1].ResultOf(clawBack);
        Assert.That((clawback.Taken, clawback.Owed), Is.EqualTo((70L, 30L)), "60 frozen, then the 10 other credits, 30 owed");
        Assert.That((clawback.Balance.Available, clawback.Balance.Held, clawback.Balance.Owed), Is.EqualTo((0L, 0L, 30L)));
    }

    [Test]
    public async Task A_freeze_cannot_be_committed_or_released_by_a_caller()
    {
        var purchase = await Ledger.Grant("user:1", 100);
        await Freeze("user:1", purchase.LotId, "dp_1");
        var freezeHold = (await Ledger.History("user:1")).Last().HoldId;

        var commit = await Fails(() => Ledger.Commit(freezeHold));
        var release = await Fails(() => Ledger.Release(freezeHold));

        Assert.That(commit.Kind, Is.EqualTo(LedgerErrorKind.HoldNotFound));
        Assert.That(release.Kind, Is.EqualTo(LedgerErrorKind.HoldNotFound));
        Assert.That((await Ledger.Balance("user:1")).Frozen, Is.EqualTo(100));
    }

    [Test]
    public async Task A_freeze_outlives_any_ttl_and_survives_the_sweeper()
    {
        var purchase = await Ledger.Grant("user:1", 100);
        await Freeze("user:1", purchase.LotId, "dp_1");

        Ledger.Advance(TimeSpan.FromDays(400));
        await Ledger.Sweeper.SweepOnceAsync();

        Assert.That((await Ledger.Balance("user:1")).Frozen, Is.EqualTo(100));
    }

    [Test]
    public async Task Freezing_twice_under_one_dispute_freezes_once()
    {
        var purchase = await Ledger.Grant("user:1", 100);
        await Freeze("user:1", purchase.LotId, "dp_1");

        var again = await Ledger.Ledger.FreezeAsync(new FreezeCommand(LedgerHarness.Caller, "user:1", purchase.LotId, "dp_1", "another-key"));

        Assert.That(again.Frozen, Is.Zero);
        Assert.That((await Ledger.Balance("user:1")).Frozen, Is.EqualTo(100));
    }
}

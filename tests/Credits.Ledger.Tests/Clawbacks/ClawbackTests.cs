using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Clawbacks;

public sealed class ClawbackTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private Task<ClawbackResult> Clawback(string account, long amount, string? lotId, string reference) =>
        Ledger.Ledger.ClawbackAsync(new ClawbackCommand(LedgerHarness.Caller, account, amount, lotId, reference, "clawback:" + reference,
            LedgerHarness.NoMetadata));

    private Task<ReverseClawbackResult> Reverse(string account, string reference) =>
        Ledger.Ledger.ReverseClawbackAsync(new ReverseClawbackCommand(LedgerHarness.Caller, account, reference, "reverse:" + reference));

    [Test]
    public async Task A_claw_back_takes_from_the_purchase_lot_first()
    {
        await Ledger.Grant("user:1", 50, Bucket.Free);
        var purchase = await Ledger.Grant("user:1", 100, Bucket.Purchased);

        var result = await Clawback("user:1", 40, purchase.LotId, "re_1");

        Assert.That((result.Taken, result.Owed), Is.EqualTo((40L, 0L)));
        Assert.That(result.Balance.Buckets.Select(b => (b.Bucket, b.Available)),
            Is.EqualTo(new[] { (Bucket.Free, 50L), (Bucket.Purchased, 60L) }), "the free credits were not touched");
        var entry = (await Ledger.History("user:1")).Last();
        Assert.That((entry.Kind, entry.Amount, entry.Reference), Is.EqualTo((EntryKind.Clawback, -40L, "re_1")));
    }

    [Test]
    public async Task When_the_purchase_was_partly_spent_the_rest_comes_from_other_credits_and_then_is_owed()
    {
        var purchase = await Ledger.Grant("user:1", 100, Bucket.Purchased);
        var hold = await Ledger.Reserve("user:1", 90);
        await Ledger.Commit(hold.HoldId);
        await Ledger.Grant("user:1", 5, Bucket.Gift);

        var result = await Clawback("user:1", 100, purchase.LotId, "re_1");

        Assert.That((result.Taken, result.Owed), Is.EqualTo((15L, 85L)));
        Assert.That((result.Balance.Available, result.Balance.Owed), Is.EqualTo((0L, 85L)));
        Assert.That((await Ledger.History("user:1")).Last().OwedAfter, Is.EqualTo(85));
    }

    [Test]
    public async Task Owed_credits_are_repaid_from_the_next_grants_before_they_become_available()
    {
        var purchase = await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 10);
        await Ledger.Commit(hold.HoldId);
        await Clawback("user:1", 10, purchase.LotId, "re_1");

        var first = await Ledger.Grant("user:1", 6);
        var second = await Ledger.Grant("user:1", 20);

        Assert.That((first.Balance.Available, first.Balance.Owed), Is.EqualTo((0L, 4L)));
        Assert.That((second.Balance.Available, second.Balance.Owed), Is.EqualTo((16L, 0L)));
        var tail = (await Ledger.History("user:1")).TakeLast(4).Select(e => (e.Kind, e.Amount)).ToList();
        Assert.That(tail, Is.EqualTo(new[]
        {
            (EntryKind.Grant, 6L), (EntryKind.Clawback, -6L), (EntryKind.Grant, 20L), (EntryKind.Clawback, -4L),
        }));
    }

    [Test]
    public async Task A_claw_back_for_an_account_with_nothing_yet_is_owed_in_full()
    {
        var result = await Clawback("user:new", 30, null, "re_early");

        Assert.That((result.Taken, result.Owed), Is.EqualTo((0L, 30L)));
        Assert.That((await Ledger.Balance("user:new")).Owed, Is.EqualTo(30));
    }

    [Test]
    public async Task A_claw_back_is_applied_once_per_idempotency_key()
    {
        var purchase = await Ledger.Grant("user:1", 100);

        await Clawback("user:1", 40, purchase.LotId, "re_1");
        var again = await Clawback("user:1", 40, purchase.LotId, "re_1");

        Assert.That(again.Taken, Is.EqualTo(40));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(60));
    }

    [Test]
    public async Task Reversing_a_claw_back_returns_the_credits_to_their_lots_and_cancels_the_debt()
    {
        var purchase = await Ledger.Grant("user:1", 100);
        var hold = await Ledger.Reserve("user:1", 70);
        await Ledger.Commit(hold.HoldId);
        await Clawback("user:1", 50, purchase.LotId, "re_1");

        var reversed = await Reverse("user:1", "re_1");

        Assert.That((reversed.Returned, reversed.DebtCancelled), Is.EqualTo((30L, 20L)));
        Assert.That((reversed.Balance.Available, reversed.Balance.Owed), Is.EqualTo((30L, 0L)));
        Assert.That((await Reverse("user:1", "re_1")).Returned, Is.EqualTo(30), "a retry returns the first outcome");
    }

    [Test]
    public async Task Reversing_a_claw_back_whose_debt_was_partly_repaid_returns_the_repaid_part_as_a_refund_lot()
    {
        var purchase = await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 10);
        await Ledger.Commit(hold.HoldId);
        await Clawback("user:1", 10, purchase.LotId, "re_1");
        await Ledger.Grant("user:1", 4);

        var reversed = await Reverse("user:1", "re_1");

        Assert.That((reversed.Returned, reversed.DebtCancelled), Is.EqualTo((4L, 6L)));
        Assert.That((reversed.Balance.Available, reversed.Balance.Owed), Is.EqualTo((4L, 0L)));
        Assert.That(reversed.Balance.Buckets.Single().Bucket, Is.EqualTo(Bucket.Refund));
    }

    [Test]
    public async Task Reversing_an_unknown_claw_back_changes_nothing()
    {
        await Ledger.Grant("user:1", 10);

        var reversed = await Reverse("user:1", "re_never");

        Assert.That(reversed.Returned, Is.Zero);
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(10));
    }
}

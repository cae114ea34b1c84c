using Credits.Ledger.Lots;

namespace Credits.Ledger.Tests.Aggregates;

/// <summary>A lot's counters change only through its methods, which refuse to break the lot (a bug in a rule, not an operating error).</summary>
public sealed class LotTests
{
    private static Lot Lot(long amount = 10, long remaining = 10, long held = 0, long rolloverCap = 0) => new()
    {
        LotId = "lot_1", AccountId = "user:1", Bucket = Bucket.Purchased, Priority = 600, Amount = amount,
        ExpiresAt = null, CreatedAt = DateTimeOffset.UnixEpoch, Reference = "", Remaining = remaining, Held = held,
        RolloverCap = rolloverCap, RolloverExpiresAt = rolloverCap > 0 ? DateTimeOffset.UnixEpoch.AddDays(60) : null,
    };

    [Test]
    public void A_loaded_lot_is_not_dirty_until_a_method_changes_it()
    {
        var lot = Lot();
        Assert.That(lot.IsDirty, Is.False);

        lot.Pin(4);

        Assert.That((lot.IsDirty, lot.Held, lot.Unheld), Is.EqualTo((true, 4L, 6L)));
    }

    [Test]
    public void Pinning_more_than_the_unheld_credits_is_refused_and_changes_nothing()
    {
        var lot = Lot(remaining: 10, held: 7);

        Assert.That(() => lot.Pin(4), Throws.InvalidOperationException);
        Assert.That((lot.Held, lot.IsDirty), Is.EqualTo((7L, false)));
    }

    [Test]
    public void Taking_cannot_reach_pinned_credits()
    {
        var lot = Lot(remaining: 10, held: 7);

        Assert.That(() => lot.Take(4), Throws.InvalidOperationException);
        lot.Take(3);
        Assert.That((lot.Remaining, lot.Held), Is.EqualTo((7L, 7L)));
    }

    [Test]
    public void Spending_a_pin_debits_part_and_unpins_all_of_it()
    {
        var lot = Lot(remaining: 10, held: 6);

        lot.SpendPinned(pinned: 6, spent: 4);

        Assert.That((lot.Remaining, lot.Held), Is.EqualTo((6L, 0L)));
        Assert.That(() => lot.SpendPinned(pinned: 1, spent: 1), Throws.InvalidOperationException, "nothing is pinned any more");
    }

    [Test]
    public void Restoring_cannot_raise_a_lot_above_what_it_was_granted()
    {
        var lot = Lot(amount: 10, remaining: 8);

        Assert.That(() => lot.Restore(3), Throws.InvalidOperationException);
        lot.Restore(2);
        Assert.That(lot.Remaining, Is.EqualTo(10));
    }

    [Test]
    public void A_rollover_cannot_use_more_than_what_is_left_of_the_cap()
    {
        var lot = Lot(rolloverCap: 5);

        Assert.That(() => lot.UseRolloverCap(6), Throws.InvalidOperationException);
        lot.UseRolloverCap(5);
        Assert.That(lot.RolloverCap, Is.EqualTo(0));
    }
}

using Credits.Ledger.Invariants;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Tests.Invariants;

/// <summary>
/// The one invariant set, as the engine (before every write) and the verifier (over the database)
/// both run it: each broken rule is reported on its own.
/// </summary>
public sealed class AccountInvariantsTests
{
    private static AccountSnapshot Healthy() => new("user:1", Available: 6, Held: 4, Owed: 0, LastSequence: 2,
        [new LotSnapshot("lot_1", Bucket.Purchased, Remaining: 10, Held: 4, RolloverCap: 0)],
        [new HoldSnapshot("hold_1", 4, [new LotPart("lot_1", 4)])],
        OwedOutstanding: 0, Entries: []);

    [Test]
    public void A_consistent_account_has_no_violation()
    {
        Assert.That(AccountInvariants.Check(Healthy()), Is.Empty);
    }

    [Test]
    public void Available_that_disagrees_with_the_lots_is_reported()
    {
        var violations = AccountInvariants.Check(Healthy() with { Available = 7 });

        Assert.That(violations, Has.Count.EqualTo(1));
        Assert.That(violations[0], Is.EqualTo("available 7 != unheld lot credits 6"));
    }

    [Test]
    public void Held_that_disagrees_with_the_active_holds_is_reported()
    {
        var violations = AccountInvariants.Check(Healthy() with { ActiveHolds = [] });

        Assert.That(violations, Has.Count.EqualTo(1));
        Assert.That(violations[0], Is.EqualTo("held 4 != active holds 0"));
    }

    [Test]
    public void A_debt_that_disagrees_with_the_outstanding_clawbacks_is_reported()
    {
        var violations = AccountInvariants.Check(Healthy() with { Owed = 3 });

        Assert.That(violations, Has.Count.EqualTo(1));
        Assert.That(violations[0], Is.EqualTo("owed 3 != outstanding claw-backs 0"));
    }

    [Test]
    public void A_rollover_larger_than_the_expiry_before_it_is_reported_as_creating_credits()
    {
        var at = DateTimeOffset.UnixEpoch;
        JournalEntry Entry(long sequence, EntryKind kind, long amount, string lotId, string reference) =>
            new("user:1", sequence, kind, amount, 0, 0, lotId, "", [], "", "system", "", new Dictionary<string, string>(), at, null, reference);

        var violations = AccountInvariants.Check(Healthy() with
        {
            Entries = [Entry(7, EntryKind.LotExpire, -5, "lot_9", ""), Entry(8, EntryKind.Rollover, 6, "lot_10", "lot_9")],
        });

        Assert.That(violations, Has.Count.EqualTo(1).And.Some.StartsWith("rollover entry 8 carries 6 credits"));
    }

    [Test]
    public void A_journal_with_a_gap_or_that_replays_to_another_balance_is_reported()
    {
        var violations = AccountInvariants.Check(Healthy() with { Journal = new JournalTotals(Count: 1, LastSequence: 2, Total: 9, Last: null) });

        Assert.That(violations, Has.Count.EqualTo(3));
        Assert.That(violations, Has.Some.Contains("gap or duplicate").And.Some.Contains("replays to 9").And.Some.Contains("is missing"));
    }
}

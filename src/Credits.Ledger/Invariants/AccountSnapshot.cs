using Credits.Ledger.Journal;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Invariants;

/// <summary>
/// An account as the invariant set reads it, whether taken from memory before a write or from the
/// database by the verifier.
/// </summary>
/// <param name="AccountId">The account.</param>
/// <param name="Available">Credits that can be reserved.</param>
/// <param name="Held">Credits pinned by active holds.</param>
/// <param name="Owed">Credits clawed back that were already spent.</param>
/// <param name="LastSequence">The account's last journal sequence.</param>
/// <param name="Lots">Every lot the source holds for the account (a batch holds its live lots; the database all of them).</param>
/// <param name="ActiveHolds">Holds not yet ended.</param>
/// <param name="OwedOutstanding">What the account's claw-backs say is still owed.</param>
/// <param name="Entries">
/// Journal entries to check, in sequence order: a batch's new entries, or the verifier's rollover
/// entries each preceded by the entry before it.
/// </param>
/// <param name="Journal">Whole-journal figures; only the verifier has them.</param>
internal sealed record AccountSnapshot(
    string AccountId,
    long Available,
    long Held,
    long Owed,
    long LastSequence,
    IReadOnlyList<LotSnapshot> Lots,
    IReadOnlyList<HoldSnapshot> ActiveHolds,
    long OwedOutstanding,
    IReadOnlyList<JournalEntry> Entries,
    JournalTotals? Journal = null);

/// <summary>A lot's counters.</summary>
internal sealed record LotSnapshot(string LotId, Bucket Bucket, long Remaining, long Held, long RolloverCap);

/// <summary>An active hold and the lot credits it pins.</summary>
internal sealed record HoldSnapshot(string HoldId, long Amount, IReadOnlyList<LotPart> Parts);

/// <summary>What the whole journal of an account adds up to, and what its last entry says.</summary>
internal sealed record JournalTotals(long Count, long LastSequence, long Total, JournalEntry? Last);

namespace Credits.Ledger.Balances;

/// <summary>
/// An account's balance at an instant, replayed from its journal: the totals the last entry at or
/// before the instant recorded, and each lot with credits in it then (available or held).
/// <c>LastSequence</c> is 0 when the account had no entry yet.
/// </summary>
public sealed record ReplayedBalance(
    string AccountId,
    DateTimeOffset AsOf,
    long Available,
    long Held,
    long Owed,
    long LastSequence,
    IReadOnlyList<ReplayedLot> Lots);

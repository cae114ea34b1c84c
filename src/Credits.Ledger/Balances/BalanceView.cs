namespace Credits.Ledger.Balances;

/// <summary>
/// An account's balance at one moment. <c>Frozen</c> is the part of <c>Held</c> pinned by disputes;
/// <c>Owed</c> is taken from the next credits that arrive. <c>LastSequence</c> is the last journal
/// entry the balance includes that is (or, for a write's answer, will be with its commit) stored:
/// the cursor from which StreamHistory follows later changes.
/// </summary>
public sealed record BalanceView(
    string AccountId,
    long Available,
    long Held,
    IReadOnlyList<BucketBalance> Buckets,
    UpcomingExpiry? NextExpiry,
    long Owed = 0,
    long Frozen = 0,
    long LastSequence = 0);

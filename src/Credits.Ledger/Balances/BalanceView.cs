namespace Credits.Ledger.Balances;

/// <summary>An account's balance at one moment. <c>Frozen</c> is the part of <c>Held</c> pinned by disputes; <c>Owed</c> is taken from the next credits that arrive.</summary>
public sealed record BalanceView(
    string AccountId,
    long Available,
    long Held,
    IReadOnlyList<BucketBalance> Buckets,
    UpcomingExpiry? NextExpiry,
    long Owed = 0,
    long Frozen = 0);

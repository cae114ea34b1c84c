namespace Credits.Ledger.Balances;

/// <summary>An account's balance at one moment.</summary>
public sealed record BalanceView(
    string AccountId,
    long Available,
    long Held,
    IReadOnlyList<BucketBalance> Buckets,
    UpcomingExpiry? NextExpiry);

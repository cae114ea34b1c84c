using Credits.Ledger.Lots;

namespace Credits.Ledger.Balances;

/// <summary>One bucket's share of a balance.</summary>
public sealed record BucketBalance(Bucket Bucket, long Available, long Held);

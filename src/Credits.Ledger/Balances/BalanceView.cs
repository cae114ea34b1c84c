namespace Credits.Ledger.Balances;

/// <summary>
/// An account's balance at one moment. <c>Frozen</c> is the part of <c>Held</c> pinned by disputes;
/// <c>Owed</c> is taken from the next credits that arrive. <c>LastSequence</c> is the last journal
/// entry the balance includes that is (or, for a write's answer, will be with its commit) stored:
/// the cursor from which StreamHistory follows later changes.
/// <c>Available</c>, <c>Buckets</c> and <c>NextExpiry</c> cover the unscoped lots (what a reserve by
/// amount can spend); feature-scoped lots are shown apart in <see cref="Scoped"/>. <c>Held</c> is
/// every active hold, whatever lots it pins.
/// </summary>
public sealed record BalanceView(
    string AccountId,
    long Available,
    long Held,
    IReadOnlyList<BucketBalance> Buckets,
    UpcomingExpiry? NextExpiry,
    long Owed = 0,
    long Frozen = 0,
    long LastSequence = 0)
{
    /// <summary>Credits in feature-scoped lots, one entry per feature set (ordinal order); empty when there are none.</summary>
    public IReadOnlyList<ScopedBalance> Scoped { get; init; } = [];
}

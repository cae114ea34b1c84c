using Credits.Ledger.Data.Batches;

namespace Credits.Ledger.Pools;

/// <summary>
/// Which member a pool's hold was reserved for, and in which period it counts (table
/// <c>pool_holds</c>). Active until the hold ends; then <see cref="PoolSettlement"/> moves the
/// hold's amount out of the member's usage (committed part kept) and ends this row, in the same batch.
/// </summary>
internal sealed class PoolHold : IBatchEntity<string>
{
    private bool _changed;

    public required string Key { get; init; }
    public required string PoolId { get; init; }
    public required string MemberId { get; init; }
    public required long PeriodStart { get; init; }
    public bool IsActive { get; private set; } = true;
    public bool IsNew { get; init; }
    public bool IsDirty => IsNew || _changed;

    public PoolUsageKey UsageKey => new(PoolId, MemberId, PeriodStart);

    public static PoolHold Loaded(string holdId, string poolId, string memberId, long periodStart, bool active) =>
        new() { Key = holdId, PoolId = poolId, MemberId = memberId, PeriodStart = periodStart, IsActive = active };

    public static PoolHold Start(string holdId, PoolUsageKey usage) =>
        new() { Key = holdId, PoolId = usage.PoolId, MemberId = usage.MemberId, PeriodStart = usage.PeriodStart, IsNew = true };

    public void End()
    {
        IsActive = false;
        _changed = true;
    }
}

using Credits.Ledger.Data.Batches;

namespace Credits.Ledger.Pools;

/// <summary>A pool and one of its members: the key of a <see cref="PoolMember"/>.</summary>
internal readonly record struct PoolMemberKey(string PoolId, string MemberId);

/// <summary>
/// A member of a pool (table <c>pool_members</c>): its limit per period (null: none), its period and
/// role. A removed member keeps its row (removed_at) so its usage and open holds stay explained;
/// adding it again reactivates the row. Changed only in batches that lock the pool's account.
/// </summary>
internal sealed class PoolMember : IBatchEntity<PoolMemberKey>
{
    private bool _changed;

    public required PoolMemberKey Key { get; init; }
    public long? Limit { get; private set; }
    public PoolPeriod Period { get; private set; }
    public PoolRole Role { get; private set; }
    public long AddedAtMs { get; private set; }
    public long? RemovedAtMs { get; private set; }
    public bool IsNew { get; init; }
    public bool IsDirty => IsNew || _changed;

    /// <summary>True while the member may reserve from the pool.</summary>
    public bool IsActive => RemovedAtMs is null;

    public static PoolMember Loaded(PoolMemberKey key, long? limit, PoolPeriod period, PoolRole role, long addedAtMs, long? removedAtMs) =>
        new() { Key = key, Limit = limit, Period = period, Role = role, AddedAtMs = addedAtMs, RemovedAtMs = removedAtMs };

    public static PoolMember Add(PoolMemberKey key, long? limit, PoolPeriod period, PoolRole role, long nowMs) =>
        new() { Key = key, Limit = limit, Period = period, Role = role, AddedAtMs = nowMs, IsNew = true };

    /// <summary>Sets the terms of an active member, or of a removed one being added again (then active from <paramref name="nowMs"/>).</summary>
    public void Set(long? limit, PoolPeriod period, PoolRole role, long nowMs)
    {
        if (!IsActive)
        {
            AddedAtMs = nowMs;
            RemovedAtMs = null;
        }
        (Limit, Period, Role) = (limit, period, role);
        _changed = true;
    }

    /// <summary>Removes an active member: new reserves are refused; its open holds still commit, release and expire.</summary>
    public void Remove(long nowMs)
    {
        if (!IsActive)
        {
            throw new InvalidOperationException($"Pool member {Key} is removed already.");
        }
        RemovedAtMs = nowMs;
        _changed = true;
    }
}

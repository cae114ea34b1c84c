using Credits.Ledger.Data.Batches;

namespace Credits.Ledger.Pools;

/// <summary>Where a member's reserve goes when the pool or the member's allowance cannot cover it.</summary>
public enum PoolFallback
{
    /// <summary>Nowhere: the reserve is refused (the default).</summary>
    None = 0,
    /// <summary>All of it from the member's own <c>user:</c> account, if that account can cover it.</summary>
    MemberAccount = 1,
}

/// <summary>
/// A pool's policy (table <c>pool_policies</c>): read with the pool in a reserve's batch, under the
/// pool's lock, so a change and a reserve are ordered. A pool without a row has no fallback.
/// </summary>
internal sealed class PoolPolicy : IBatchEntity<string>
{
    private bool _changed;

    private PoolPolicy(string poolId, PoolFallback fallback, long updatedAtMs, bool isNew) =>
        (Key, Fallback, UpdatedAtMs, IsNew) = (poolId, fallback, updatedAtMs, isNew);

    /// <summary>The pool's account id.</summary>
    public string Key { get; }

    public PoolFallback Fallback { get; private set; }

    public long UpdatedAtMs { get; private set; }

    public bool IsNew { get; }

    public bool IsDirty => IsNew || _changed;

    public static PoolPolicy Start(string poolId, PoolFallback fallback, long nowMs) => new(poolId, fallback, nowMs, isNew: true);

    public static PoolPolicy Loaded(string poolId, PoolFallback fallback, long updatedAtMs) => new(poolId, fallback, updatedAtMs, isNew: false);

    public void Set(PoolFallback fallback, long nowMs)
    {
        (Fallback, UpdatedAtMs) = (fallback, nowMs);
        _changed = true;
    }
}

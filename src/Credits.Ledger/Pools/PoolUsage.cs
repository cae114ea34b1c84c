using Credits.Ledger.Data.Batches;

namespace Credits.Ledger.Pools;

/// <summary>A member's usage of a pool in the period starting at <see cref="PeriodStart"/> (ms, UTC; 0 without a period).</summary>
internal readonly record struct PoolUsageKey(string PoolId, string MemberId, long PeriodStart);

/// <summary>
/// What one member holds and committed from a pool in one period (table <c>pool_usage</c>): the
/// count its limit is decided on. A hold counts in the period it was reserved in, even when it
/// ends in the next one, so a period's usage only changes by that period's holds.
/// </summary>
internal sealed class PoolUsage : IBatchEntity<PoolUsageKey>
{
    private bool _changed;

    public required PoolUsageKey Key { get; init; }
    public long Held { get; private set; }
    public long Committed { get; private set; }
    public bool IsNew { get; init; }
    public bool IsDirty => IsNew || _changed;

    /// <summary>What counts against the limit: held and committed.</summary>
    public long Used => Held + Committed;

    public static PoolUsage Loaded(PoolUsageKey key, long held, long committed) => new() { Key = key, Held = held, Committed = committed };

    /// <summary>The usage of a period before the member's first reserve in it.</summary>
    public static PoolUsage Start(PoolUsageKey key) => new() { Key = key, IsNew = true };

    /// <summary>Counts a new hold of <paramref name="amount"/>.</summary>
    public void Hold(long amount)
    {
        Held += amount;
        _changed = true;
    }

    /// <summary>A hold of <paramref name="amount"/> ended with <paramref name="committed"/> debited: the rest is returned.</summary>
    public void End(long amount, long committed)
    {
        if (amount > Held || committed < 0 || committed > amount)
        {
            throw new InvalidOperationException($"Usage {Key} holds {Held}: a hold of {amount} cannot end with {committed} committed.");
        }
        Held -= amount;
        Committed += committed;
        _changed = true;
    }
}

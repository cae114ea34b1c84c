using Credits.Ledger.Data.Batches;

namespace Credits.Ledger.Rules;

/// <summary>
/// What a batch must lock and read, declared by each command's rule: the accounts it names (and
/// whether it may create them), the holds, idempotency keys and claw-back references it needs.
/// The loader turns the plan into one round trip.
/// </summary>
internal sealed class LoadPlan
{
    private readonly SortedDictionary<string, bool> _accounts = new(StringComparer.Ordinal);
    private readonly List<string> _holdIds = [];
    private readonly Dictionary<IBatchEntityStore, IBatchEntitySet> _entities =
        BatchEntities.All.ToDictionary(store => store, store => store.NewSet());
    private readonly SortedSet<string> _spentLotAccounts = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _refundingHolds = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _clawbackReferences = new(StringComparer.Ordinal);
    private readonly List<(string PoolId, string MemberId)> _poolFallbacks = [];

    /// <summary>The batch's moment, for keys that depend on it (a sender's transfer counter of the day).</summary>
    public DateTimeOffset Now { get; init; }

    /// <summary>Locks and loads <paramref name="accountId"/>; <paramref name="create"/>: the command may create it.</summary>
    public void Account(string accountId, bool create) => _accounts[accountId] = _accounts.GetValueOrDefault(accountId) || create;

    /// <summary>Loads a hold by id, and locks and loads the account that owns it.</summary>
    public void Hold(string holdId)
    {
        if (!_holdIds.Contains(holdId, StringComparer.Ordinal))
        {
            _holdIds.Add(holdId);
        }
    }

    /// <summary>Loads the entity of <paramref name="store"/> with <paramref name="key"/>, if it exists.</summary>
    public void Want<TKey, TEntity>(BatchEntityStore<TKey, TEntity> store, TKey key)
        where TKey : notnull
        where TEntity : class, IBatchEntity<TKey> =>
        ((BatchEntitySet<TKey, TEntity>)_entities[store]).Want(key);

    /// <summary>The entity sets of every registered store, with the keys declared so far.</summary>
    public IReadOnlyDictionary<IBatchEntityStore, IBatchEntitySet> Entities => _entities;

    /// <summary>Loads the account's spent lots too (a claw-back reversal refills them).</summary>
    public void SpentLots(string accountId) => _spentLotAccounts.Add(accountId);

    /// <summary>Loads a hold (as <see cref="Hold"/>) and its owner's spent lots too: a refund refills the lots its commit emptied.</summary>
    public void RefundingHold(string holdId)
    {
        Hold(holdId);
        _refundingHolds.Add(holdId);
    }

    /// <summary>
    /// Locks and loads the member's own account only if the pool's policy falls back to it: decided
    /// by the load's lock statement, so a pool without the fallback (the default) never locks or
    /// catches up its members' accounts, which their own traffic uses.
    /// </summary>
    public void PoolFallbackAccount(string poolId, string memberId)
    {
        if (!_poolFallbacks.Contains((poolId, memberId)))
        {
            _poolFallbacks.Add((poolId, memberId));
        }
    }

    /// <summary>The (pool, member) pairs of <see cref="PoolFallbackAccount"/>.</summary>
    public IReadOnlyList<(string PoolId, string MemberId)> PoolFallbacks => _poolFallbacks;

    /// <summary>Loads the claw-back with this reference on the batch's accounts.</summary>
    public void ClawbackReference(string reference) => _clawbackReferences.Add(reference);

    /// <summary>Named accounts in ordinal order: the lock order, the same in every batch.</summary>
    public IReadOnlyCollection<string> AccountIds => _accounts.Keys;

    public IReadOnlyList<string> HoldIds => _holdIds;

    public LoadRequest ToRequest(long nowMs) => new(
        _accounts.Select(account => (account.Key, account.Value)).ToList(),
        _holdIds,
        _spentLotAccounts.ToList(),
        _clawbackReferences.ToList(),
        nowMs)
    {
        Refunding = _refundingHolds.ToList(),
        PoolFallbacks = _poolFallbacks.ToList(),
    };
}

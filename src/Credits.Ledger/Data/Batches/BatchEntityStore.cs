using System.Data.Common;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// The extension point for an entity that is locked, decided and written in the same transaction
/// as the credits it concerns (idempotency records today; pool members or gift codes next): what to
/// read for a set of keys, how to read a row, how to write new and changed entities, for both
/// providers. The batch still costs one load round trip and one write round trip. See
/// docs/adding-a-command.md for a worked example.
/// </summary>
internal abstract class BatchEntityStore<TKey, TEntity> : IBatchEntityStore
    where TKey : notnull
    where TEntity : class, IBatchEntity<TKey>
{
    /// <summary>Appends one SELECT of the entities with <paramref name="keys"/> (never empty); rows not asked for are ignored.</summary>
    protected abstract void AppendLoad(SqlText sql, DatabaseProvider provider, IReadOnlyList<TKey> keys);

    /// <summary>Reads one row of that SELECT.</summary>
    protected abstract TEntity Read(DbDataReader reader);

    /// <summary>Appends an INSERT of new entities and an update per changed one (through <see cref="BatchWriteText"/>, which counts rows).</summary>
    protected abstract void AppendWrites(BatchWriteText write, IReadOnlyList<TEntity> created, IReadOnlyList<TEntity> changed);

    /// <summary>
    /// Null for a store read only by the keys rules declare. A store whose entities belong to
    /// accounts in ways no rule can name before the load (a pool's live pool holds, which any batch
    /// that locks the pool may end by expiry) returns the batch's scope: it then reads through
    /// <see cref="AppendScopedLoad"/>, and keeps every row it reads.
    /// </summary>
    protected virtual BatchScope? ScopeOf(LoadRequest request) => null;

    /// <summary>Appends one SELECT of the entities the scope needs and those with <paramref name="keys"/> (may be empty).</summary>
    protected virtual void AppendScopedLoad(SqlText sql, DatabaseProvider provider, IReadOnlyList<TKey> keys, BatchScope scope) =>
        throw new InvalidOperationException($"{GetType().Name} has a scope but no scoped load.");

    public IBatchEntitySet NewSet() => new BatchEntitySet<TKey, TEntity>();

    void IBatchEntityStore.ScopeTo(IBatchEntitySet set, LoadRequest request) => Typed(set).Scope = ScopeOf(request);

    void IBatchEntityStore.AppendLoad(SqlText sql, DatabaseProvider provider, IBatchEntitySet set)
    {
        var typed = Typed(set);
        if (typed.Scope is { } scope)
        {
            AppendScopedLoad(sql, provider, typed.Wanted, scope);
            return;
        }
        AppendLoad(sql, provider, typed.Wanted);
    }

    async Task IBatchEntityStore.ReadAsync(DbDataReader reader, IBatchEntitySet set, CancellationToken cancellationToken)
    {
        var typed = Typed(set);
        var wanted = typed.Wanted.ToHashSet();
        while (await reader.ReadAsync(cancellationToken))
        {
            var entity = Read(reader);
            if ((typed.Scope is not null || wanted.Contains(entity.Key)) && typed.Find(entity.Key) is null)
            {
                typed.Add(entity);
            }
        }
    }

    void IBatchEntityStore.AppendWrites(BatchWriteText write, IBatchEntitySet set)
    {
        var entities = Typed(set).Entities.Where(entity => entity.IsDirty).ToList();
        AppendWrites(write, entities.Where(entity => entity.IsNew).ToList(), entities.Where(entity => !entity.IsNew).ToList());
    }

    private static BatchEntitySet<TKey, TEntity> Typed(IBatchEntitySet set) => (BatchEntitySet<TKey, TEntity>)set;
}

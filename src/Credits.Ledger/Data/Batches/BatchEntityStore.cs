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

    public IBatchEntitySet NewSet() => new BatchEntitySet<TKey, TEntity>();

    void IBatchEntityStore.AppendLoad(SqlText sql, DatabaseProvider provider, IBatchEntitySet set) =>
        AppendLoad(sql, provider, Typed(set).Wanted);

    async Task IBatchEntityStore.ReadAsync(DbDataReader reader, IBatchEntitySet set, CancellationToken cancellationToken)
    {
        var typed = Typed(set);
        var wanted = typed.Wanted.ToHashSet();
        while (await reader.ReadAsync(cancellationToken))
        {
            var entity = Read(reader);
            if (wanted.Contains(entity.Key) && typed.Find(entity.Key) is null)
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

using System.Data.Common;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// The loader's and writer's view of a <see cref="BatchEntityStore{TKey, TEntity}"/>, whatever its
/// key and entity types. Register stores in <see cref="BatchEntities"/>.
/// </summary>
internal interface IBatchEntityStore
{
    /// <summary>A new, empty set of this store's entities for one batch.</summary>
    IBatchEntitySet NewSet();

    /// <summary>Gives a store scoped by the batch's accounts (<see cref="BatchScope"/>) the batch's named accounts and holds; others ignore it.</summary>
    void ScopeTo(IBatchEntitySet set, LoadRequest request);

    /// <summary>Appends the one statement that reads the wanted entities (one result set), for the batch's provider.</summary>
    void AppendLoad(SqlText sql, DatabaseProvider provider, IBatchEntitySet set);

    /// <summary>Reads that result set into the batch's set.</summary>
    Task ReadAsync(DbDataReader reader, IBatchEntitySet set, CancellationToken cancellationToken);

    /// <summary>Appends the statements that write the set's new and changed entities.</summary>
    void AppendWrites(BatchWriteText write, IBatchEntitySet set);
}

/// <summary>One batch's entities of one store, as the loader and writer see them.</summary>
internal interface IBatchEntitySet
{
    /// <summary>True when some rule wants an entity of this store, so the load must read them.</summary>
    bool HasWanted { get; }

    /// <summary>How many keys rules declared (a scope is not counted).</summary>
    int WantedCount { get; }
}

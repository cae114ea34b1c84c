namespace Credits.Ledger.Data.Batches;

/// <summary>An entity that joins a batch: it knows its key and whether the batch must write it.</summary>
internal interface IBatchEntity<out TKey>
{
    TKey Key { get; }

    /// <summary>True when the entity exists only in memory so far (written with an INSERT).</summary>
    bool IsNew { get; }

    /// <summary>True when the entity must be written: new, or changed through one of its methods.</summary>
    bool IsDirty { get; }
}

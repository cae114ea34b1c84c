namespace Credits.Ledger.Data.Batches;

/// <summary>
/// The entities of one store in one batch: the keys rules declared, the entities found for them,
/// and those rules added. Rules read and add through <see cref="Find"/> and <see cref="Add"/>; the
/// entities change themselves through their own methods, which mark them changed.
/// </summary>
internal sealed class BatchEntitySet<TKey, TEntity> : IBatchEntitySet
    where TKey : notnull
    where TEntity : class, IBatchEntity<TKey>
{
    private readonly List<TKey> _wanted = [];
    private readonly HashSet<TKey> _wantedSet = [];
    private readonly Dictionary<TKey, TEntity> _entities = [];

    public bool HasWanted => _wanted.Count > 0 || Scope is not null;

    public int WantedCount => _wanted.Count;

    /// <summary>For a store scoped by the batch's accounts: which accounts and holds it reads for (null: only the wanted keys).</summary>
    public BatchScope? Scope { get; set; }

    /// <summary>The keys rules declared, in declaration order.</summary>
    public IReadOnlyList<TKey> Wanted => _wanted;

    /// <summary>Every entity of the set: loaded and added.</summary>
    public IEnumerable<TEntity> Entities => _entities.Values;

    /// <summary>Declares that a rule needs the entity with <paramref name="key"/> (loaded if it exists).</summary>
    public void Want(TKey key)
    {
        if (_wantedSet.Add(key))
        {
            _wanted.Add(key);
        }
    }

    public TEntity? Find(TKey key) => _entities.GetValueOrDefault(key);

    /// <summary>Adds a loaded entity, or a new one a rule created; a key appears once.</summary>
    public void Add(TEntity entity) => _entities.Add(entity.Key, entity);
}

using System.Collections.Concurrent;

namespace Credits.Ledger.Balances;

/// <summary>
/// Balances GetBalance answers without a database round trip. An entry is valid until the first
/// moment time alone changes the balance (a lot or hold expiring) and at most
/// <see cref="BalanceCacheOptions.MaxAge"/>; every commit replaces or drops the entries of the
/// accounts it changed, and peers' commits drop them through <see cref="Coherence.AccountChanges"/>.
/// </summary>
/// <remarks>
/// A reader that loaded an account from the database may only publish what it read if no change of
/// that account was announced meanwhile: it takes <see cref="Version"/> before its read and
/// <see cref="TryPut"/> checks it after inserting (and takes its entry back when it moved), so a
/// snapshot older than a commit never outlives the commit's invalidation. Versions are striped: a
/// change elsewhere in the stripe only costs the reader its insert. Between writers, the higher
/// journal sequence wins, since an account's sequence grows with each commit that changes it.
/// </remarks>
public sealed class BalanceCache
{
    private const int StripeCount = 4096;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly long[] _stripes = new long[StripeCount];
    private readonly BalanceCacheOptions _options;
    private long _epoch;
    private int _count;
    private int _trimming;
    private volatile bool _coherent;

    /// <summary>
    /// A cache with <paramref name="options"/>. It serves nothing until <see cref="SetCoherent"/>
    /// when <paramref name="coherent"/> is false: a server sharing its database with peers waits
    /// until it hears their changes.
    /// </summary>
    public BalanceCache(BalanceCacheOptions options, bool coherent = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Capacity < 0 || options.MaxAge < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "BalanceCache:Capacity and MaxAge must not be negative.");
        }
        _options = options;
        _coherent = coherent;
    }

    /// <summary>Whether balances are served from memory now (see <see cref="SetCoherent"/>).</summary>
    public bool Serving => _coherent && _options.Capacity > 0;

    /// <summary>How many times everything was dropped (<see cref="SetCoherent"/>): peers went unheard, or came back.</summary>
    public long Resets => Volatile.Read(ref _epoch);

    /// <summary>Entries held now (approximate under concurrent changes).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The cached balance of <paramref name="accountId"/> if it is valid at <paramref name="now"/> and includes entry <paramref name="minSequence"/>.</summary>
    public bool TryGet(string accountId, DateTimeOffset now, long minSequence, out BalanceView view)
    {
        if (_coherent && _entries.TryGetValue(accountId, out var entry) && now < entry.ValidUntil && entry.View.LastSequence >= minSequence)
        {
            view = entry.View;
            return true;
        }
        view = null!;
        return false;
    }

    /// <summary>Taken before reading an account from the database, and handed to <see cref="TryPut"/>.</summary>
    public long Version(string accountId) => Volatile.Read(ref _epoch) + Volatile.Read(ref _stripes[Stripe(accountId)]);

    /// <summary>
    /// Publishes a balance read from the database at <paramref name="now"/>, unless a change of its
    /// account was announced since <paramref name="version"/> was taken.
    /// </summary>
    public void TryPut(BalanceView view, DateTimeOffset now, DateTimeOffset validUntil, long version)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (Put(view, now, validUntil) is { } entry && Version(view.AccountId) != version
            && _entries.TryRemove(KeyValuePair.Create(view.AccountId, entry)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>
    /// Publishes the balance a commit produced: it drops older readers' inserts, and replaces an
    /// entry unless a later commit's is already there.
    /// </summary>
    public void PutCommitted(BalanceView view, DateTimeOffset now, DateTimeOffset validUntil)
    {
        ArgumentNullException.ThrowIfNull(view);
        Interlocked.Increment(ref _stripes[Stripe(view.AccountId)]);
        Put(view, now, validUntil);
    }

    /// <summary>Drops <paramref name="accountId"/>: it changed in a way this process cannot see.</summary>
    public void Invalidate(string accountId)
    {
        Interlocked.Increment(ref _stripes[Stripe(accountId)]);
        if (_entries.TryRemove(accountId, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Drops everything, and stops or resumes serving: changes may have gone unheard.</summary>
    public void SetCoherent(bool coherent)
    {
        _coherent = false;
        Interlocked.Increment(ref _epoch);
        _entries.Clear();
        Volatile.Write(ref _count, 0);
        _coherent = coherent;
    }

    private Entry? Put(BalanceView view, DateTimeOffset now, DateTimeOffset validUntil)
    {
        var until = validUntil < now + _options.MaxAge ? validUntil : now + _options.MaxAge;
        if (!_coherent || _options.Capacity == 0 || until <= now)
        {
            return null;
        }
        var entry = new Entry(view, until);
        while (true)
        {
            if (_entries.TryGetValue(view.AccountId, out var existing))
            {
                if (existing.View.LastSequence > view.LastSequence)
                {
                    return null;
                }
                if (_entries.TryUpdate(view.AccountId, entry, existing))
                {
                    return entry;
                }
            }
            else if (_entries.TryAdd(view.AccountId, entry))
            {
                if (Interlocked.Increment(ref _count) > _options.Capacity)
                {
                    Trim(view.AccountId);
                }
                return entry;
            }
        }
    }

    /// <summary>Drops about a tenth of the entries, in the dictionary's (hash, so arbitrary) order, sparing the one just added.</summary>
    private void Trim(string added)
    {
        if (Interlocked.Exchange(ref _trimming, 1) == 1)
        {
            return;
        }
        try
        {
            var target = _options.Capacity - _options.Capacity / 10;
            foreach (var accountId in _entries.Keys)
            {
                if (Volatile.Read(ref _count) <= target)
                {
                    break;
                }
                if (accountId != added && _entries.TryRemove(accountId, out _))
                {
                    Interlocked.Decrement(ref _count);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _trimming, 0);
        }
    }

    private static int Stripe(string accountId) => (int)((uint)StringComparer.Ordinal.GetHashCode(accountId) % StripeCount);

    private sealed record Entry(BalanceView View, DateTimeOffset ValidUntil);
}

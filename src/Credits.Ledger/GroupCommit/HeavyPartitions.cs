using System.Collections.Concurrent;

namespace Credits.Ledger.GroupCommit;

/// <summary>
/// The partitions of accounts that are expensive to load: hundreds of live lots and active holds,
/// each loaded by every batch that touches the account. Their commands get a lane of their own
/// (<see cref="CommandDispatcher"/>), so a bloated account's slow batches never hold up everyone
/// else's commands behind them in one lane. The engine reports each account's size as it loads it;
/// an account that shrinks back is dropped.
/// </summary>
public sealed class HeavyPartitions(int rowsThreshold)
{
    /// <summary>Partitions remembered at most: beyond it new heavy accounts share the ordinary lanes.</summary>
    public const int Max = 4_096;

    private readonly ConcurrentDictionary<uint, byte> _partitions = new();

    /// <summary>Lots and holds from which an account counts as heavy.</summary>
    public int RowsThreshold { get; } = rowsThreshold;

    /// <summary>Accounts now counted as heavy.</summary>
    public int Count => _partitions.Count;

    /// <summary>Whether commands of <paramref name="partition"/> go to the heavy lane.</summary>
    public bool Contains(uint partition) => !_partitions.IsEmpty && _partitions.ContainsKey(partition);

    /// <summary>Records the size of an account just loaded.</summary>
    internal void Observe(uint partition, int rows)
    {
        if (rows >= RowsThreshold)
        {
            if (_partitions.Count < Max)
            {
                _partitions.TryAdd(partition, 0);
            }
        }
        else if (!_partitions.IsEmpty)
        {
            _partitions.TryRemove(partition, out _);
        }
    }
}

using Credits.Ledger.Journal;

namespace Credits.Ledger.History;

/// <summary>
/// The live end of one account's journal, shared by every follower of the account: one reader
/// (see <see cref="JournalFollowers"/>) appends what each change wrote, and followers take it from
/// memory. Without it each follower read the journal itself on every change, so one write to an
/// account with a thousand followers cost a thousand reads.
/// </summary>
/// <remarks>
/// It holds every entry after <see cref="Base"/> up to <see cref="Last"/>, at most
/// <see cref="RecentMax"/> of them; a follower further behind reads the database itself.
/// </remarks>
internal sealed class AccountTail
{
    /// <summary>Entries kept for followers that are a little behind.</summary>
    public const int RecentMax = 1_000;

    private readonly object _gate = new();
    private readonly List<JournalEntry> _recent = [];
    private TaskCompletionSource _grown = NewSignal();
    private Exception? _failure;

    public AccountTail(string accountId, long seenThrough)
    {
        AccountId = accountId;
        Base = seenThrough;
        Last = seenThrough;
    }

    public string AccountId { get; }

    /// <summary>Every entry after this sequence (up to <see cref="Last"/>) is held.</summary>
    public long Base { get; private set; }

    /// <summary>The highest sequence read.</summary>
    public long Last { get; private set; }

    /// <summary>Followers holding it; changed only under <see cref="JournalFollowers"/>' lock.</summary>
    public int Followers { get; set; }

    /// <summary>Stops its reader when the last follower leaves.</summary>
    public CancellationTokenSource Stopping { get; } = new();

    /// <summary>What happens next for a follower at <paramref name="cursor"/>.</summary>
    /// <returns>
    /// <see cref="TailTake.Behind"/> when its next entries are no longer held (read the database);
    /// otherwise the held entries after the cursor (at most <paramref name="max"/>), and a task that
    /// completes when more arrive when there were none.
    /// </returns>
    public TailTake Take(long cursor, int max)
    {
        lock (_gate)
        {
            if (_failure is not null)
            {
                return new TailTake([], Task.FromException(_failure), false);
            }
            if (cursor < Base)
            {
                return TailTake.Behind;
            }
            var first = FirstAfter(cursor);
            if (first == _recent.Count)
            {
                return new TailTake([], _grown.Task, false);
            }
            var count = Math.Min(max, _recent.Count - first);
            return new TailTake(_recent.GetRange(first, count), Task.CompletedTask, false);
        }
    }

    /// <summary>Appends what the reader found after <see cref="Last"/> and wakes the followers.</summary>
    public void Append(IReadOnlyList<JournalEntry> entries)
    {
        TaskCompletionSource grown;
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                if (entry.Sequence > Last)
                {
                    _recent.Add(entry);
                    Last = entry.Sequence;
                }
            }
            var excess = _recent.Count - RecentMax;
            if (excess > 0)
            {
                Base = _recent[excess - 1].Sequence;
                _recent.RemoveRange(0, excess);
            }
            grown = _grown;
            _grown = NewSignal();
        }
        grown.TrySetResult();
    }

    /// <summary>The reader gave up (the database stayed unavailable): every waiting follower ends with the error.</summary>
    public void Fail(Exception failure)
    {
        TaskCompletionSource grown;
        lock (_gate)
        {
            _failure = failure;
            grown = _grown;
        }
        grown.TrySetException(failure);
    }

    private int FirstAfter(long cursor)
    {
        // Sequences ascend: binary search for the first entry after the cursor.
        int low = 0, high = _recent.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_recent[middle].Sequence <= cursor)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A follower's share of an <see cref="AccountTail"/>.</summary>
internal readonly record struct TailTake(List<JournalEntry> Entries, Task Grown, bool IsBehind)
{
    public static TailTake Behind { get; } = new([], Task.CompletedTask, true);
}

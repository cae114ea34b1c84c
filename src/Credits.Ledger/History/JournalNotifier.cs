using System.Collections.Concurrent;

namespace Credits.Ledger.History;

/// <summary>
/// Wakes history followers when an account's journal grows. A follower takes a signal before it
/// reads, so an entry committed between its read and its wait still wakes it.
/// </summary>
public sealed class JournalNotifier
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);

    /// <summary>A task that completes at the next change of <paramref name="accountId"/>.</summary>
    public Task NextChange(string accountId) =>
        _signals.GetOrAdd(accountId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>
    /// Drops <paramref name="accountId"/>'s signal if it is still <paramref name="signal"/>: nobody
    /// waits on it any more, and a signal per account ever followed would otherwise stay until that
    /// account's next write.
    /// </summary>
    public void Forget(string accountId, Task signal)
    {
        if (_signals.TryGetValue(accountId, out var current) && current.Task == signal)
        {
            _signals.TryRemove(new KeyValuePair<string, TaskCompletionSource>(accountId, current));
        }
    }

    /// <summary>Signals waiting for a change; for specs that show followers release what they held.</summary>
    public int Waiting => _signals.Count;

    /// <summary>Wakes every follower of <paramref name="accountId"/>.</summary>
    public void Publish(string accountId)
    {
        if (_signals.TryRemove(accountId, out var signal))
        {
            signal.TrySetResult();
        }
    }
}

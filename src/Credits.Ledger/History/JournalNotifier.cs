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

    /// <summary>Wakes every follower of <paramref name="accountId"/>.</summary>
    public void Publish(string accountId)
    {
        if (_signals.TryRemove(accountId, out var signal))
        {
            signal.TrySetResult();
        }
    }
}

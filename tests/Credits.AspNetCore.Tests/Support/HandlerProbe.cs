using System.Collections.Concurrent;

namespace Credits.AspNetCore.Tests.Support;

/// <summary>What the product app's handlers did: how often each ran, and a gate a handler waits at.</summary>
internal sealed class HandlerProbe
{
    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);

    /// <summary>Released by the test; the gated handler waits here (or until its request is aborted).</summary>
    public TaskCompletionSource<bool> GateSource { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed when the gated handler has started.</summary>
    public TaskCompletionSource<bool> Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Gate => GateSource.Task;

    public int Runs(string handler) => _runs.GetValueOrDefault(handler);

    public string Ran(string handler)
    {
        _runs.AddOrUpdate(handler, 1, (_, count) => count + 1);
        if (handler == "gated")
        {
            Entered.TrySetResult(true);
        }
        return handler;
    }
}

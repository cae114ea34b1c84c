using System.Collections.Concurrent;
using Credits.V1;
using Grpc.Core;

namespace Credits.AbuseHarness;

/// <summary>
/// Fills one account to its caps of live lots and active holds (each batch that touches it loads
/// them all), checks the next of each is refused, then keeps working that account while the
/// others are measured: the bloated account must not slow them.
/// </summary>
internal sealed class Bloater(Caller caller, string account)
{
    private readonly ConcurrentQueue<string> _holds = new();

    public Outcomes Beyond { get; } = new();
    public Outcomes Churn { get; } = new();

    /// <summary>How long each commit or reserve on the bloated account took.</summary>
    public Latencies ChurnLatencies { get; } = new();

    public async Task FillAsync()
    {
        await InParallel(Limits.LotsPerAccount, () => caller.GrantAsync(account, 1_000));
        await Beyond.CountAsync(() => caller.GrantAsync(account, 1_000));
        await InParallel(Limits.HoldsPerAccount, async () =>
        {
            var hold = await Caller.PoliteAsync(() => caller.Ledger.ReserveAsync(
                new ReserveRequest { AccountId = account, Amount = 1, Ttl = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromHours(1)), IdempotencyKey = Caller.NewKey() },
                caller.Headers).ResponseAsync);
            _holds.Enqueue(hold.HoldId);
        });
        await Beyond.CountAsync(() => Caller.PoliteAsync(() => caller.Ledger.ReserveAsync(
            new ReserveRequest { AccountId = account, Amount = 1, IdempotencyKey = Caller.NewKey() }, caller.Headers).ResponseAsync));
    }

    /// <summary>Commits one of the account's holds and reserves another, again and again, until <paramref name="stop"/>.</summary>
    public async Task ChurnAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && _holds.TryDequeue(out var holdId))
        {
            await Churn.CountAsync(async () =>
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                await Caller.PoliteAsync(() => caller.Ledger.CommitAsync(new CommitRequest { HoldId = holdId }, caller.Headers).ResponseAsync);
                ChurnLatencies.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started));
                started = System.Diagnostics.Stopwatch.GetTimestamp();
                var hold = await Caller.PoliteAsync(() => caller.Ledger.ReserveAsync(
                    new ReserveRequest { AccountId = account, Amount = 1, Ttl = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromHours(1)), IdempotencyKey = Caller.NewKey() },
                    caller.Headers).ResponseAsync);
                ChurnLatencies.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started));
                _holds.Enqueue(hold.HoldId);
            });
            await Task.Delay(100, CancellationToken.None);
        }
    }

    private static async Task InParallel(int count, Func<Task> work)
    {
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                await work();
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}

using System.Diagnostics;
using Credits.V1;

namespace Credits.AbuseHarness;

/// <summary>
/// The caller the limits protect: Reserve then Commit on its own account at a steady pace, well
/// inside its own rate, recording each pair's latency. Paced rather than as fast as it can, so its
/// latency reflects the server's state, not its own queue.
/// </summary>
internal sealed class NormalCaller(Caller caller, string account, int pairsPerSecond)
{
    public Outcomes Outcomes { get; } = new();

    public async Task<Latencies> RunAsync(TimeSpan duration)
    {
        var latencies = new Latencies();
        var interval = TimeSpan.FromSeconds(1.0 / pairsPerSecond);
        var clock = Stopwatch.StartNew();
        var pairs = new List<Task>();
        for (var i = 0; clock.Elapsed < duration; i++)
        {
            var due = interval * i;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            pairs.Add(PairAsync(latencies));
        }
        await Task.WhenAll(pairs);
        return latencies;
    }

    private async Task PairAsync(Latencies latencies)
    {
        var started = Stopwatch.GetTimestamp();
        var ok = await Outcomes.CountAsync(async () =>
        {
            var hold = await caller.Ledger.ReserveAsync(new ReserveRequest { AccountId = account, Amount = 1, IdempotencyKey = Caller.NewKey() }, caller.Headers);
            await caller.Ledger.CommitAsync(new CommitRequest { HoldId = hold.HoldId }, caller.Headers);
        });
        if (ok)
        {
            latencies.Add(Stopwatch.GetElapsedTime(started));
        }
    }
}

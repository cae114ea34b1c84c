using System.Diagnostics;
using Credits.Client;
using Credits.Client.Errors;
using Grpc.Core;

namespace Credits.Bench.Scenarios;

/// <summary>
/// One StreamHistory follower (<c>follow = true</c>) on an account that writers are writing to:
/// counts the entries delivered per second during the measuring window and records each one's
/// delivery lag, from the entry's <c>created_at</c> (set by the server when it decided the change)
/// to its arrival here. Server and benchmark share the machine's clock. A gap or repeat in the
/// sequences, or a stream that ends or fails, counts as an error.
/// </summary>
internal static class HistoryFollower
{
    public const string Name = "ledger StreamHistory follow";

    // How long after the window the stream stays open, for entries still in flight.
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(300);

    /// <summary>Follows <paramref name="accountId"/> from <paramref name="afterSequence"/> until <paramref name="clock"/>'s window has ended.</summary>
    public static async Task<MeasurementResult> RunAsync(CreditsClient client, string accountId, long afterSequence,
        MeasurementClock clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var latency = new LatencyRecorder();
        var errors = new ErrorLog();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var untilEnd = TimeSpan.FromSeconds((double)(clock.MeasureTo - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
        stop.CancelAfter((untilEnd > TimeSpan.Zero ? untilEnd : TimeSpan.Zero) + Grace);

        var expected = afterSequence + 1;
        try
        {
            await foreach (var entry in client.StreamHistoryAsync(accountId, afterSequence, follow: true, stop.Token))
            {
                var now = Stopwatch.GetTimestamp();
                var nowMicros = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
                if (entry.Sequence != expected)
                {
                    errors.Record($"Expected sequence {expected}, received {entry.Sequence}.");
                }
                expected = entry.Sequence + 1;
                if (clock.Covers(now, now))
                {
                    var createdMicros = entry.CreatedAt.Seconds * 1_000_000 + entry.CreatedAt.Nanos / 1_000;
                    latency.Record(nowMicros - createdMicros);
                }
            }
            if (!stop.IsCancellationRequested)
            {
                errors.Record("The followed stream ended while following.");
            }
        }
        catch (Exception ended) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                                      && ended is OperationCanceledException or CreditsException { StatusCode: StatusCode.Cancelled })
        {
            // The window is over: this follower stops here.
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            errors.Record(error);
        }
        if (latency.Count == 0)
        {
            errors.Record("The follower received no entry during the window.");
        }
        return new MeasurementResult(latency.Count, clock.Window, latency, errors.Count, errors.Samples);
    }
}

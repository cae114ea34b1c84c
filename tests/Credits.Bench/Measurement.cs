using System.Diagnostics;

namespace Credits.Bench;

/// <summary>
/// A closed-loop load: a number of callers, each running one operation at a time, back to back,
/// through the warm-up and the measuring window. An operation counts when it starts and ends
/// inside the window; its latency goes into its caller's own recorder, so the loop allocates
/// nothing beyond what the operation itself does. Failures are counted (warm-up included) and the
/// caller goes on.
/// </summary>
internal static class Measurement
{
    /// <summary>The deadline of each call an operation makes, so that a stuck server fails the measurement instead of hanging it.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>One caller's operation; called again as soon as the previous call completes.</summary>
    public delegate Task Operation(CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="callers"/> callers on <paramref name="clock"/>'s timeline. Each caller gets
    /// its own operation from <paramref name="createOperation"/> (its index is the argument), so it can
    /// keep state such as an idempotency key counter without sharing it. With a <paramref name="cpu"/>
    /// meter the result says where the CPU went during the window.
    /// </summary>
    public static async Task<MeasurementResult> RunAsync(
        MeasurementClock clock,
        int callers,
        Func<int, Operation> createOperation,
        CancellationToken cancellationToken,
        CpuMeter? cpu = null)
    {
        var cpuUsage = cpu?.MeasureWindowAsync(clock, cancellationToken) ?? Task.FromResult<CpuUsage?>(null);
        ArgumentOutOfRangeException.ThrowIfLessThan(callers, 1);
        ArgumentNullException.ThrowIfNull(createOperation);
        var recorders = new LatencyRecorder[callers];
        var loops = new Task[callers];
        var errors = new ErrorLog();
        for (var i = 0; i < callers; i++)
        {
            var recorder = recorders[i] = new LatencyRecorder();
            var operation = createOperation(i);
            loops[i] = Task.Run(() => CallerLoopAsync(operation, recorder, errors, clock, cancellationToken), cancellationToken);
        }
        await Task.WhenAll(loops);
        var usage = await cpuUsage;

        var latency = new LatencyRecorder();
        foreach (var recorder in recorders)
        {
            latency.Add(recorder);
        }
        return new MeasurementResult(latency.Count, clock.Window, latency, errors.Count, errors.Samples) { Cpu = usage };
    }

    private static async Task CallerLoopAsync(Operation operation, LatencyRecorder recorder, ErrorLog errors,
        MeasurementClock clock, CancellationToken cancellationToken)
    {
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            if (clock.IsOver(start))
            {
                return;
            }
            try
            {
                await operation(cancellationToken);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                errors.Record(error);
                // A failing server must not turn the loop into a busy spin.
                await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
                continue;
            }
            var end = Stopwatch.GetTimestamp();
            if (clock.Covers(start, end))
            {
                recorder.Record(MeasurementClock.Micros(start, end));
            }
        }
    }
}

namespace Credits.Bench;

/// <summary>What one measurement observed over its measuring window (the warm-up is not counted).</summary>
/// <param name="Operations">Operations that started and finished inside the window.</param>
/// <param name="Window">The length of the measuring window.</param>
/// <param name="Latency">The latency of each of those operations.</param>
/// <param name="Errors">Failed operations, warm-up included.</param>
/// <param name="ErrorSamples">A few distinct failure messages.</param>
internal sealed record MeasurementResult(long Operations, TimeSpan Window, LatencyRecorder Latency, long Errors, IReadOnlyList<string> ErrorSamples)
{
    /// <summary>Operations per second over the window.</summary>
    public double OpsPerSecond => Window > TimeSpan.Zero ? Operations / Window.TotalSeconds : 0;

    /// <summary>Where the CPU went during the window; null when it was not measured.</summary>
    public CpuUsage? Cpu { get; init; }

    /// <summary>Several windows of one workload as one measurement: operations, time, latencies, errors and CPU summed.</summary>
    public static MeasurementResult Combine(IReadOnlyList<MeasurementResult> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var latency = new LatencyRecorder();
        foreach (var window in windows)
        {
            latency.Add(window.Latency);
        }
        var cpu = windows.All(window => window.Cpu is not null)
            ? windows.Select(window => window.Cpu!).Aggregate(CpuUsage.Sum)
            : null;
        return new MeasurementResult(windows.Sum(window => window.Operations), TimeSpan.FromTicks(windows.Sum(window => window.Window.Ticks)),
            latency, windows.Sum(window => window.Errors), [.. windows.SelectMany(window => window.ErrorSamples).Distinct().Take(5)])
        {
            Cpu = cpu,
        };
    }
}

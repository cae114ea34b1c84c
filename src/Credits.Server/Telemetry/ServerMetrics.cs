using System.Diagnostics.Metrics;

namespace Credits.Server.Telemetry;

/// <summary>
/// The server's own metrics (meter <c>Credits.Server</c>); the ledger's are in
/// <see cref="Credits.Ledger.Engine.LedgerMetrics"/>. Names follow OpenTelemetry's RPC conventions
/// where they exist, with the ErrorInfo reason added: a status alone does not say whether a
/// FAILED_PRECONDITION was a spent hold or a frozen account.
/// </summary>
public static class ServerMetrics
{
    /// <summary>The meter's name, for OpenTelemetry and listeners.</summary>
    public const string MeterName = "Credits.Server";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Buckets from half a millisecond (a cached balance) to ten seconds (a stalled database).</summary>
    private static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    internal static readonly Histogram<double> RpcDuration = Meter.CreateHistogram(
        "credits.rpc.server.duration", "s", "How long each gRPC call took, by method, status and reason.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
}

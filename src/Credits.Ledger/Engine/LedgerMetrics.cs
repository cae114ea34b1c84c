using System.Diagnostics.Metrics;

namespace Credits.Ledger.Engine;

/// <summary>
/// The ledger's metrics (meter <c>Credits.Ledger</c>): how many transactions ran and how many
/// commands each carried, which is what group commit is judged by.
/// </summary>
public static class LedgerMetrics
{
    /// <summary>The meter's name, for OpenTelemetry and listeners.</summary>
    public const string MeterName = "Credits.Ledger";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> Batches = Meter.CreateCounter<long>("credits.ledger.batches", "{transaction}",
        "Transactions the engine committed.");

    internal static readonly Histogram<long> BatchSize = Meter.CreateHistogram<long>("credits.ledger.batch.size", "{command}",
        "Commands applied per transaction.");

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>("credits.ledger.retries", "{attempt}",
        "Transactions run again after a transient database error.");
}

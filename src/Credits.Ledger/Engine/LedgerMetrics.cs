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

    private static readonly Counter<long> UsageBlocksFolded = Meter.CreateCounter<long>("credits.ledger.usage.folded", "{account}",
        "Accounts whose usage the projector folded from this process's batches.");

    private static readonly Counter<long> UsageReplayed = Meter.CreateCounter<long>("credits.ledger.usage.replayed", "{account}",
        "Accounts whose usage the projector read back from the journal (a gap, a peer's write or a restart).");

    private static readonly Counter<long> WarmMisses = Meter.CreateCounter<long>("credits.ledger.warm.missed", "{transaction}",
        "Transactions decided on kept copies of accounts that were refused (a copy was stale or a key already claimed) and ran again with a load.");

    private static long _retries;

    // Observed rather than counted, so the series exists (at 0) before the first retry: a dashboard
    // or an alert on its rate then sees zero, not "no data".
    private static readonly ObservableCounter<long> RetriesObserved = Meter.CreateObservableCounter("credits.ledger.retries",
        () => Volatile.Read(ref _retries), "{attempt}", "Transactions run again after a transient database error.");

    /// <summary>Counts one fold of the usage projector.</summary>
    internal static void UsageFolded(int folded, int replayed)
    {
        UsageBlocksFolded.Add(folded);
        UsageReplayed.Add(replayed);
    }

    /// <summary>Counts one batch on kept copies run again with a load.</summary>
    internal static void WarmMissed() => WarmMisses.Add(1);

    /// <summary>Counts one transaction run again.</summary>
    internal static void Retried() => Interlocked.Increment(ref _retries);
}

namespace Credits.Ledger.Analytics;

/// <summary>Credits spent and paid operations (committed holds) in one bucket; <see cref="Feature"/> is empty when not split by feature.</summary>
public sealed record UsageBucket(DateTimeOffset Start, string Feature, long CreditsSpent, long Operations);

/// <summary>Sums over a range.</summary>
public sealed record UsageTotals(long CreditsSpent, long Operations);

/// <summary>
/// A usage report over [<see cref="From"/>, <see cref="To"/>): the requested range widened to
/// whole buckets. Buckets without usage are left out. <see cref="Previous"/> covers as many buckets
/// just before (when asked); <see cref="ChangePercent"/> is null when the previous period spent nothing.
/// </summary>
public sealed record UsageReport(
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<UsageBucket> Buckets,
    UsageTotals Totals,
    UsageTotals? Previous,
    long? ChangeCredits,
    double? ChangePercent);

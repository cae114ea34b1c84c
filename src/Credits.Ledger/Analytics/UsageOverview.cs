using Credits.Ledger.Errors;

namespace Credits.Ledger.Analytics;

/// <summary>What an operator's overview covers: every account over a range, bucketed, and how many to rank.</summary>
public sealed record UsageOverviewQuery(DateTimeOffset Start, DateTimeOffset End, UsageGranularity Granularity, int Top)
{
    /// <summary>Accounts and features ranked when <see cref="Top"/> is 0.</summary>
    public const int DefaultTop = 10;

    /// <summary>The most accounts and features one overview ranks.</summary>
    public const int TopMax = 100;

    /// <summary>Throws INVALID_ARGUMENT naming the first field that is wrong (the range as a usage report's).</summary>
    public void Validate()
    {
        UsageQuery.ValidateRange(Start, End, Granularity);
        if (Top is < 0 or > TopMax)
        {
            throw LedgerErrors.Invalid("top", $"top must be 1 to {TopMax} (0 for {DefaultTop}).").ToException();
        }
    }
}

/// <summary>One account's or one feature's usage over an overview's range.</summary>
public sealed record RankedUsage(string Key, long CreditsSpent, long Operations);

/// <summary>
/// Every account's usage over [<see cref="From"/>, <see cref="To"/>) (the range widened to whole
/// buckets): the top accounts and features by credits spent, the buckets with usage and the totals.
/// </summary>
public sealed record UsageOverview(
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<RankedUsage> TopAccounts,
    IReadOnlyList<RankedUsage> TopFeatures,
    IReadOnlyList<UsageBucket> Buckets,
    UsageTotals Totals);

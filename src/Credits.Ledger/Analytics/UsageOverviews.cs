using Credits.Ledger.Data;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Analytics;

/// <summary>
/// The operators' overview from the daily aggregates (<c>usage_daily</c>): the database sums and
/// ranks, so the answer is a few rows whatever the number of accounts, and the journal is never read.
/// </summary>
public sealed class UsageOverviews(Projection.UsageProjector usage)
{
    /// <summary>The top accounts and features of <paramref name="query"/>'s range, its buckets and totals.</summary>
    public async Task<UsageOverview> GetOverviewAsync(UsageOverviewQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var top = query.Top == 0 ? UsageOverviewQuery.DefaultTop : query.Top;
        var (from, to) = UsagePeriods.Widen(query.Start, query.End, query.Granularity);
        var (fromDay, toDay) = (UsagePeriods.DayNumber(from), UsagePeriods.DayNumber(to));

        await usage.FlushAsync(cancellationToken);
        await using var db = usage.Database.Open();
        var inRange = db.UsageDaily.Where(row => row.Day >= fromDay && row.Day < toDay);
        var accounts = await inRange
            .GroupBy(row => row.AccountId)
            .Select(group => new { Key = group.Key, Credits = group.Sum(row => row.Credits), Operations = group.Sum(row => row.Operations) })
            .OrderByDescending(row => row.Credits).ThenBy(row => row.Key)
            .Take(top)
            .ToListAsync(cancellationToken);
        var features = await inRange
            .GroupBy(row => row.Feature)
            .Select(group => new { Key = group.Key, Credits = group.Sum(row => row.Credits), Operations = group.Sum(row => row.Operations) })
            .OrderByDescending(row => row.Credits).ThenBy(row => row.Key)
            .Take(top)
            .ToListAsync(cancellationToken);
        // One row per day with usage (at most 1,100): bucketed here, as usage reports bucket them.
        var days = await inRange
            .GroupBy(row => row.Day)
            .Select(group => new { Day = group.Key, Credits = group.Sum(row => row.Credits), Operations = group.Sum(row => row.Operations) })
            .ToListAsync(cancellationToken);

        var buckets = days
            .GroupBy(day => UsagePeriods.BucketStart(DateOnly.FromDayNumber(UsagePeriods.EpochDayNumber + (int)day.Day), query.Granularity))
            .OrderBy(group => group.Key)
            .Select(group => new UsageBucket(UsagePeriods.Midnight(group.Key), "", group.Sum(day => day.Credits), group.Sum(day => day.Operations)))
            .ToList();
        return new UsageOverview(
            UsagePeriods.Midnight(from),
            UsagePeriods.Midnight(to),
            // Ordinal ties: the database's collation may order keys differently from .NET's.
            Rank(accounts.Select(row => new RankedUsage(row.Key, row.Credits, row.Operations))),
            Rank(features.Select(row => new RankedUsage(row.Key, row.Credits, row.Operations))),
            buckets,
            new UsageTotals(days.Sum(day => day.Credits), days.Sum(day => day.Operations)));
    }

    private static List<RankedUsage> Rank(IEnumerable<RankedUsage> rows) =>
        [.. rows.OrderByDescending(row => row.CreditsSpent).ThenBy(row => row.Key, StringComparer.Ordinal)];
}

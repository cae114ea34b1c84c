using Credits.Ledger.Data;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Analytics;

/// <summary>
/// Usage reports from the daily aggregates (<c>usage_daily</c>), never from the journal: a year of
/// daily data is at most 365 rows per feature, whatever the account's history.
/// </summary>
public sealed class UsageReports(LedgerDatabase database)
{
    /// <summary>Credits spent and operations of <paramref name="query"/>'s account, in buckets, with totals.</summary>
    public async Task<UsageReport> GetUsageAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var (from, to) = UsagePeriods.Widen(query.Start, query.End, query.Granularity);
        var (previousFrom, previousTo) = UsagePeriods.Previous(from, to, query.Granularity);
        var readFrom = query.ComparePrevious ? previousFrom : from;
        var days = await ReadDaysAsync(query.AccountId, UsagePeriods.DayNumber(readFrom), UsagePeriods.DayNumber(to), cancellationToken);

        var inRange = days.Where(day => day.Day >= UsagePeriods.DayNumber(from)).ToList();
        var buckets = inRange
            .GroupBy(day => (Start: UsagePeriods.BucketStart(DateOnly.FromDayNumber(UsagePeriods.EpochDayNumber + (int)day.Day), query.Granularity),
                Feature: query.GroupByFeature ? day.Feature : ""))
            .OrderBy(group => group.Key.Start).ThenBy(group => group.Key.Feature, StringComparer.Ordinal)
            .Select(group => new UsageBucket(UsagePeriods.Midnight(group.Key.Start), group.Key.Feature,
                group.Sum(day => day.Credits), group.Sum(day => day.Operations)))
            .ToList();
        var totals = new UsageTotals(inRange.Sum(day => day.Credits), inRange.Sum(day => day.Operations));
        if (!query.ComparePrevious)
        {
            return new UsageReport(UsagePeriods.Midnight(from), UsagePeriods.Midnight(to), buckets, totals, null, null, null);
        }
        var before = days.Where(day => day.Day < UsagePeriods.DayNumber(previousTo)).ToList();
        var previous = new UsageTotals(before.Sum(day => day.Credits), before.Sum(day => day.Operations));
        var change = totals.CreditsSpent - previous.CreditsSpent;
        double? percent = previous.CreditsSpent == 0 ? null : Math.Round(100.0 * change / previous.CreditsSpent, 1);
        return new UsageReport(UsagePeriods.Midnight(from), UsagePeriods.Midnight(to), buckets, totals, previous, change, percent);
    }

    private async Task<List<(long Day, string Feature, long Credits, long Operations)>> ReadDaysAsync(
        string accountId, long fromDay, long toDay, CancellationToken cancellationToken)
    {
        await using var db = database.Open();
        var rows = await db.UsageDaily
            .Where(row => row.AccountId == accountId && row.Day >= fromDay && row.Day < toDay)
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(row => (row.Day, row.Feature, row.Credits, row.Operations));
    }
}

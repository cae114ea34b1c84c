using Credits.Ledger.Data;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Analytics;

/// <summary>
/// Usage reports from the daily aggregates (<c>usage_daily</c>), never from the journal: a year of
/// daily data is at most 365 rows per feature, whatever the account's history.
/// </summary>
public sealed class UsageReports(Projection.UsageProjector usage)
{
    /// <summary>Credits spent and operations of <paramref name="query"/>'s account, in buckets, with totals.</summary>
    public async Task<UsageReport> GetUsageAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        await usage.FlushAsync(query.AccountId, cancellationToken);
        var (from, to) = UsagePeriods.Widen(query.Start, query.End, query.Granularity);
        var (previousFrom, previousTo) = UsagePeriods.Previous(from, to, query.Granularity);
        var days = await ReadDaysAsync(query.AccountId, UsagePeriods.DayNumber(from), UsagePeriods.DayNumber(to), query.GroupByFeature, cancellationToken);

        var buckets = days
            .GroupBy(day => (Start: UsagePeriods.BucketStart(DateOnly.FromDayNumber(UsagePeriods.EpochDayNumber + (int)day.Day), query.Granularity),
                day.Feature))
            .OrderBy(group => group.Key.Start).ThenBy(group => group.Key.Feature, StringComparer.Ordinal)
            .Select(group => new UsageBucket(UsagePeriods.Midnight(group.Key.Start), group.Key.Feature,
                group.Sum(day => day.Credits), group.Sum(day => day.Operations)))
            .ToList();
        var totals = new UsageTotals(days.Sum(day => day.Credits), days.Sum(day => day.Operations));
        if (!query.ComparePrevious)
        {
            return new UsageReport(UsagePeriods.Midnight(from), UsagePeriods.Midnight(to), buckets, totals, null, null, null);
        }
        var previous = await ReadTotalsAsync(query.AccountId, UsagePeriods.DayNumber(previousFrom), UsagePeriods.DayNumber(previousTo), cancellationToken);
        var change = totals.CreditsSpent - previous.CreditsSpent;
        double? percent = previous.CreditsSpent == 0 ? null : Math.Round(100.0 * change / previous.CreditsSpent, 1);
        return new UsageReport(UsagePeriods.Midnight(from), UsagePeriods.Midnight(to), buckets, totals, previous, change, percent);
    }

    // Only the columns the report needs, and summed over features in SQL when the report does not
    // split by feature: a year by day is then 365 rows, not 365 per feature. (Reading whole rows
    // doubled the server's CPU per call in the benchmark: the account id was read back per row.)
    private async Task<List<UsageDay>> ReadDaysAsync(string accountId, long fromDay, long toDay, bool byFeature, CancellationToken cancellationToken)
    {
        await using var db = usage.Database.Open();
        var rows = db.UsageDaily.Where(row => row.AccountId == accountId && row.Day >= fromDay && row.Day < toDay);
        return byFeature
            ? await rows.Select(row => new UsageDay(row.Day, row.Feature, row.Credits, row.Operations)).ToListAsync(cancellationToken)
            : await rows.GroupBy(row => row.Day)
                .Select(day => new UsageDay(day.Key, "", day.Sum(row => row.Credits), day.Sum(row => row.Operations)))
                .ToListAsync(cancellationToken);
    }

    // The previous period needs only its totals: one summing query, not its rows.
    private async Task<UsageTotals> ReadTotalsAsync(string accountId, long fromDay, long toDay, CancellationToken cancellationToken)
    {
        await using var db = usage.Database.Open();
        var sums = await db.UsageDaily
            .Where(row => row.AccountId == accountId && row.Day >= fromDay && row.Day < toDay)
            .GroupBy(row => row.AccountId)
            .Select(account => new { Credits = account.Sum(row => row.Credits), Operations = account.Sum(row => row.Operations) })
            .FirstOrDefaultAsync(cancellationToken);
        return sums is null ? new UsageTotals(0, 0) : new UsageTotals(sums.Credits, sums.Operations);
    }

    private sealed record UsageDay(long Day, string Feature, long Credits, long Operations);
}

using System.Runtime.CompilerServices;
using Credits.Ledger.Accounts;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Analytics;

/// <summary>One account's usage of one feature in one UTC day.</summary>
public sealed record UsageDay(string AccountId, DateOnly Day, string Feature, long CreditsSpent, long Operations);

/// <summary>
/// Streams the daily aggregates in (account, day, feature) order, a page at a time by keyset, so an
/// export of any size holds one page in memory and never a long transaction.
/// </summary>
public sealed class UsageExport(Projection.UsageProjector usage)
{
    private const int PageSize = 1_000;

    /// <summary>The days of [<paramref name="start"/>, <paramref name="end"/>) widened to whole UTC days, of one account or all (null).</summary>
    public async IAsyncEnumerable<UsageDay> ExportAsync(string? accountId, DateTimeOffset start, DateTimeOffset end,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (accountId is not null)
        {
            AccountIds.Parse(accountId, "account_id");
        }
        if (start == default || end == default || end <= start)
        {
            throw LedgerErrors.Invalid(start == default ? "start_time" : "end_time",
                start == default ? "start_time is required." : end == default ? "end_time is required." : "end_time must be after start_time.").ToException();
        }
        var (from, to) = UsagePeriods.Widen(start < DateTimeOffset.UnixEpoch ? DateTimeOffset.UnixEpoch : start, end, UsageGranularity.Day);
        long fromDay = UsagePeriods.DayNumber(from), toDay = UsagePeriods.DayNumber(to);
        await (accountId is null ? usage.FlushAsync(cancellationToken) : usage.FlushAsync(accountId, cancellationToken));
        var (afterAccount, afterDay, afterFeature) = ("", long.MinValue, "");
        while (true)
        {
            await using var db = usage.Database.Open();
            var query = db.UsageDaily.Where(row => row.Day >= fromDay && row.Day < toDay);
            if (accountId is not null)
            {
                query = query.Where(row => row.AccountId == accountId);
            }
            // Keyset: after the last row sent, in primary-key order.
            var page = await query
                .Where(row => row.AccountId.CompareTo(afterAccount) > 0
                    || (row.AccountId == afterAccount && (row.Day > afterDay || (row.Day == afterDay && row.Feature.CompareTo(afterFeature) > 0))))
                .OrderBy(row => row.AccountId).ThenBy(row => row.Day).ThenBy(row => row.Feature)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            foreach (var row in page)
            {
                yield return new UsageDay(row.AccountId, DateOnly.FromDayNumber(UsagePeriods.EpochDayNumber + (int)row.Day), row.Feature, row.Credits, row.Operations);
            }
            if (page.Count < PageSize)
            {
                yield break;
            }
            (afterAccount, afterDay, afterFeature) = (page[^1].AccountId, page[^1].Day, page[^1].Feature);
        }
    }
}

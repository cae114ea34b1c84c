using Credits.Ledger.Data;
using Credits.Ledger.Journal;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Verification;

/// <summary>
/// The per-member usage of pools (<c>pool_usage_daily</c>) against a replay of the journal: for each
/// pool, UTC day, member and feature, the credits and count of the COMMIT entries of the holds
/// reserved for that member (less their refunds), up to the pool's usage checkpoint.
/// </summary>
internal static class PoolUsageDailyVerification
{
    public static async Task<List<LedgerViolation>> CheckAsync(LedgerDb db, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var folded =
            from entry in db.Journal
            join checkpoint in db.UsageCheckpoints on entry.AccountId equals checkpoint.AccountId
            join poolHold in db.PoolHolds on new { entry.HoldId, PoolId = entry.AccountId } equals new { poolHold.HoldId, poolHold.PoolId }
            where ids.Contains(entry.AccountId) && entry.Sequence <= checkpoint.Sequence
            select new { entry, poolHold.MemberId };
        var replayed = (await (
                from row in folded
                where row.entry.Kind == (int)EntryKind.Commit
                group row by new { row.entry.AccountId, Day = row.entry.CreatedAtMs / 86_400_000, row.MemberId, row.entry.Feature } into day
                select new { day.Key.AccountId, day.Key.Day, day.Key.MemberId, day.Key.Feature, Credits = -day.Sum(row => row.entry.Amount), Operations = day.LongCount() })
                .ToListAsync(cancellationToken))
            .ToDictionary(row => (row.AccountId, row.Day, row.MemberId, row.Feature), row => (row.Credits, row.Operations));
        var refunds = await (
                from row in folded
                where row.entry.Kind == (int)EntryKind.Refund
                join hold in db.Holds on new { row.entry.AccountId, row.entry.HoldId } equals new { hold.AccountId, hold.HoldId }
                select new { row.entry.AccountId, Day = (hold.EndedAtMs ?? 0) / 86_400_000, row.MemberId, row.entry.Feature, row.entry.Amount })
            .ToListAsync(cancellationToken);
        foreach (var refund in refunds)
        {
            var key = (refund.AccountId, refund.Day, refund.MemberId, refund.Feature);
            var (credits, operations) = replayed.GetValueOrDefault(key);
            replayed[key] = (credits - refund.Amount, operations);
        }
        var kept = (await db.PoolUsageDaily.Where(row => ids.Contains(row.PoolId)).ToListAsync(cancellationToken))
            .ToDictionary(row => (row.PoolId, row.Day, row.MemberId, row.Feature), row => (row.Credits, row.Operations));

        var violations = new List<LedgerViolation>();
        foreach (var key in replayed.Keys.Union(kept.Keys).Order())
        {
            var expected = replayed.GetValueOrDefault(key);
            var actual = kept.GetValueOrDefault(key);
            if (expected != actual)
            {
                var day = DateOnly.FromDayNumber(Analytics.UsagePeriods.EpochDayNumber + (int)key.Day);
                violations.Add(new LedgerViolation(key.Item1,
                    $"usage of '{key.Feature}' by member {key.Item3} on {day:yyyy-MM-dd} is {actual.Credits} credits in {actual.Operations} operations, " +
                    $"but the journal's commits make {expected.Credits} in {expected.Operations}"));
            }
        }
        return violations;
    }
}

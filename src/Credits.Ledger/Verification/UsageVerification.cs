using Credits.Ledger.Data;
using Credits.Ledger.Journal;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Verification;

/// <summary>
/// The usage aggregates against a replay of the journal: for each account, feature and UTC day,
/// <c>usage_daily</c> must hold exactly the credits and the count of the COMMIT entries, no more
/// (a day counted twice) and no less (a commit not counted).
/// </summary>
internal static class UsageVerification
{
    public static async Task<List<LedgerViolation>> CheckAsync(LedgerDb db, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var replayed = (await db.Journal
                .Where(entry => ids.Contains(entry.AccountId) && entry.Kind == (int)EntryKind.Commit)
                .GroupBy(entry => new { entry.AccountId, Day = entry.CreatedAtMs / 86_400_000, entry.Feature })
                .Select(group => new { group.Key.AccountId, group.Key.Day, group.Key.Feature, Credits = -group.Sum(entry => entry.Amount), Operations = group.LongCount() })
                .ToListAsync(cancellationToken))
            .ToDictionary(row => (row.AccountId, row.Day, row.Feature), row => (row.Credits, row.Operations));
        // Spent = committed less refunds: each refund counts against its commit's day and feature.
        var refunds = await (
                from refund in db.Journal
                where ids.Contains(refund.AccountId) && refund.Kind == (int)EntryKind.Refund
                join commit in db.Journal on new { refund.AccountId, refund.HoldId } equals new { commit.AccountId, commit.HoldId }
                where commit.Kind == (int)EntryKind.Commit
                select new { refund.AccountId, Day = commit.CreatedAtMs / 86_400_000, refund.Feature, refund.Amount })
            .ToListAsync(cancellationToken);
        foreach (var refund in refunds)
        {
            var key = (refund.AccountId, refund.Day, refund.Feature);
            var (credits, operations) = replayed.GetValueOrDefault(key);
            replayed[key] = (credits - refund.Amount, operations);
        }
        var kept = (await db.UsageDaily.Where(row => ids.Contains(row.AccountId)).ToListAsync(cancellationToken))
            .ToDictionary(row => (row.AccountId, row.Day, row.Feature), row => (row.Credits, row.Operations));

        var violations = new List<LedgerViolation>();
        foreach (var key in replayed.Keys.Union(kept.Keys).Order())
        {
            var expected = replayed.GetValueOrDefault(key);
            var actual = kept.GetValueOrDefault(key);
            if (expected != actual)
            {
                var day = DateOnly.FromDayNumber(Analytics.UsagePeriods.EpochDayNumber + (int)key.Day);
                violations.Add(new LedgerViolation(key.AccountId,
                    $"usage of '{key.Feature}' on {day:yyyy-MM-dd} is {actual.Credits} credits in {actual.Operations} operations, " +
                    $"but the journal's commits make {expected.Credits} in {expected.Operations}"));
            }
        }
        return violations;
    }
}

using Credits.Ledger.Data;
using Credits.Ledger.Journal;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Verification;

/// <summary>
/// The usage aggregates against a replay of the journal: for each account, feature and UTC day,
/// <c>usage_daily</c> must hold exactly the credits and the count of the COMMIT entries (less
/// refunds) up to the account's usage checkpoint, no more (a day counted twice) and no less (a
/// commit folded but not counted). Entries past the checkpoint are the projector's lag, not a fault.
/// </summary>
internal static class UsageVerification
{
    public static async Task<List<LedgerViolation>> CheckAsync(LedgerDb db, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        // Only what the projector has folded so far: the entries up to each account's checkpoint.
        var replayed = (await (
                from entry in db.Journal
                join checkpoint in db.UsageCheckpoints on entry.AccountId equals checkpoint.AccountId
                where ids.Contains(entry.AccountId) && entry.Kind == (int)EntryKind.Commit && entry.Sequence <= checkpoint.Sequence
                group entry by new { entry.AccountId, Day = entry.CreatedAtMs / 86_400_000, entry.Feature } into day
                select new { day.Key.AccountId, day.Key.Day, day.Key.Feature, Credits = -day.Sum(entry => entry.Amount), Operations = day.LongCount() })
                .ToListAsync(cancellationToken))
            .ToDictionary(row => (row.AccountId, row.Day, row.Feature), row => (row.Credits, row.Operations));
        // Spent = committed less refunds: each refund counts against its commit's day and feature.
        var refunds = await (
                from refund in db.Journal
                join checkpoint in db.UsageCheckpoints on refund.AccountId equals checkpoint.AccountId
                where ids.Contains(refund.AccountId) && refund.Kind == (int)EntryKind.Refund && refund.Sequence <= checkpoint.Sequence
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
        var ahead = await (
                from checkpoint in db.UsageCheckpoints
                join account in db.Accounts on checkpoint.AccountId equals account.AccountId
                where ids.Contains(checkpoint.AccountId) && checkpoint.Sequence > account.LastUsageSequence
                select new { checkpoint.AccountId, checkpoint.Sequence, account.LastUsageSequence })
            .ToListAsync(cancellationToken);
        violations.AddRange(ahead.Select(row => new LedgerViolation(row.AccountId,
            $"the usage checkpoint is at entry {row.Sequence}, past the account's last counted entry {row.LastUsageSequence}")));
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

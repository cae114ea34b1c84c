using Credits.Ledger.Analytics;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Journal;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// Adds a batch's COMMIT entries to <c>usage_daily</c> in the batch's own write: one upsert per
/// account, feature and day the batch touched, so the aggregates move with the journal or not at
/// all, whatever crashes. Many commits on one account in one batch become one row.
/// </summary>
internal static class UsageWrites
{
    private const string Upsert = "usage_daily (account_id, day, feature, credits, operations)";

    private const string OnConflict =
        " ON CONFLICT (account_id, day, feature) DO UPDATE SET credits = usage_daily.credits + excluded.credits, " +
        "operations = usage_daily.operations + excluded.operations";

    public static void Append(BatchWriteText write, IReadOnlyList<JournalRow> journal, Engine.Batch batch)
    {
        var spent = new Dictionary<(string AccountId, long Day, string Feature), (long Credits, long Operations)>();
        foreach (var entry in journal)
        {
            if (entry.Kind == (int)EntryKind.Refund)
            {
                // Spent = committed less refunds: a refund lowers the credits of its commit's day and
                // feature (not the operations: the operation still happened).
                var committedAt = batch.Accounts[entry.AccountId].TryGetHold(entry.HoldId, out var hold) && hold.EndedAt is { } endedAt
                    ? Engine.Clock.ToMs(endedAt)
                    : throw new InvalidOperationException($"Refund entry {entry.AccountId}#{entry.Sequence} names hold {entry.HoldId}, which the batch did not load as ended.");
                var refundKey = (entry.AccountId, UsagePeriods.DayOf(committedAt), entry.Feature);
                var (refundCredits, refundOperations) = spent.GetValueOrDefault(refundKey);
                spent[refundKey] = (refundCredits - entry.Amount, refundOperations);
                continue;
            }
            if (entry.Kind != (int)EntryKind.Commit)
            {
                continue;
            }
            var key = (entry.AccountId, UsagePeriods.DayOf(entry.CreatedAtMs), entry.Feature);
            var (credits, operations) = spent.GetValueOrDefault(key);
            spent[key] = (credits - entry.Amount, operations + 1);
        }
        if (spent.Count == 0)
        {
            return;
        }
        write.Upsert(Upsert, OnConflict, [.. spent], pair => [pair.Key.AccountId, pair.Key.Day, pair.Key.Feature, pair.Value.Credits, pair.Value.Operations]);
    }
}

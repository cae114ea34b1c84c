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

    public static void Append(BatchWriteText write, IReadOnlyList<JournalRow> journal)
    {
        var spent = new Dictionary<(string AccountId, long Day, string Feature), (long Credits, long Operations)>();
        foreach (var entry in journal)
        {
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

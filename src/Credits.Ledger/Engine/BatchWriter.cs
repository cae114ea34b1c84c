using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;
using LinqToDB;
using LinqToDB.Data;

namespace Credits.Ledger.Engine;

/// <summary>Writes every change a batch decided, inside the batch's transaction.</summary>
internal static class BatchWriter
{
    private static readonly BulkCopyOptions MultipleRows = new() { BulkCopyType = BulkCopyType.MultipleRows };

    public static async Task WriteAsync(LedgerDb db, Batch batch, CancellationToken cancellationToken)
    {
        var nowMs = Clock.ToMs(batch.Context.Now);
        var journal = new List<JournalRow>();
        var newLots = new List<LotRow>();
        foreach (var account in batch.Accounts.Values)
        {
            if (account.IsDirty)
            {
                if (!account.Persisted)
                {
                    throw new InvalidOperationException($"Account {account.AccountId} changed but was never created.");
                }
                await db.Accounts.Where(row => row.AccountId == account.AccountId)
                    .Set(row => row.Available, account.Available)
                    .Set(row => row.Held, account.Held)
                    .Set(row => row.LastSequence, account.LastSequence)
                    .Set(row => row.LeadState, (int)account.LeadState)
                    .Set(row => row.ClaimedBy, account.ClaimedBy)
                    .Set(row => row.UpdatedAtMs, nowMs)
                    .UpdateAsync(cancellationToken);
            }
            foreach (var lot in account.Lots.Where(lot => lot.IsDirty))
            {
                if (lot.IsNew)
                {
                    newLots.Add(lot.ToRow());
                }
                else
                {
                    await db.Lots.Where(row => row.AccountId == lot.AccountId && row.LotId == lot.LotId)
                        .Set(row => row.Remaining, lot.Remaining)
                        .Set(row => row.Held, lot.Held)
                        .UpdateAsync(cancellationToken);
                }
            }
            foreach (var hold in account.Holds.Where(hold => hold.IsDirty))
            {
                if (hold.IsNew)
                {
                    await db.InsertAsync(hold.ToRow(), token: cancellationToken);
                }
                else
                {
                    await db.Holds.Where(row => row.AccountId == hold.AccountId && row.HoldId == hold.HoldId)
                        .Set(row => row.State, (int)hold.State)
                        .Set(row => row.Committed, hold.Committed)
                        .Set(row => row.Released, hold.Released)
                        .Set(row => row.EndedAtMs, Clock.ToMs(hold.EndedAt))
                        .UpdateAsync(cancellationToken);
                }
            }
            journal.AddRange(account.NewEntries.Select(RowMapping.ToRow));
        }
        if (newLots.Count > 0)
        {
            await db.BulkCopyAsync(MultipleRows, newLots, cancellationToken);
        }
        if (journal.Count > 0)
        {
            await db.BulkCopyAsync(MultipleRows, journal, cancellationToken);
        }
        foreach (var (id, replacesExpired) in batch.ClaimedKeys)
        {
            var row = batch.Keys[id];
            if (replacesExpired)
            {
                await db.UpdateAsync(row, token: cancellationToken);
            }
            else
            {
                await db.InsertAsync(row, token: cancellationToken);
            }
        }
    }
}

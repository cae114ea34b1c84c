using Credits.Ledger.Accounts;
using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Balances;

/// <summary>
/// Reads a balance without writing: what time has made due (expired holds and lots, a lead's
/// first-use allowance) is applied to an in-memory copy, exactly as the next write would apply it.
/// </summary>
internal static class BalanceReader
{
    public static async Task<BalanceView> ReadAsync(LedgerDatabase database, string accountId, RuleContext context,
        CancellationToken cancellationToken)
    {
        await using var db = database.Open();
        // One snapshot for the account row, its lots and holds, so a concurrent write cannot make
        // the pieces disagree.
        await using var snapshot = await db.BeginTransactionAsync(database.ReadSnapshotIsolation, cancellationToken);
        var row = await db.Accounts.FirstOrDefaultAsync(account => account.AccountId == accountId, cancellationToken);
        AccountState state;
        if (row is null)
        {
            state = AccountState.Empty(accountId);
        }
        else
        {
            var lots = await db.Lots.Where(lot => lot.AccountId == accountId && lot.Remaining > 0).ToListAsync(cancellationToken);
            var holds = await db.Holds.Where(hold => hold.AccountId == accountId && hold.State == 0).ToListAsync(cancellationToken);
            state = new AccountState(accountId, persisted: true, row.Available, row.Held, row.LastSequence, (LeadState)row.LeadState,
                row.ClaimedBy, lots.Select(RowMapping.ToLot), holds.Select(RowMapping.ToHold), row.Owed);
        }
        state.CatchUp(context);
        return state.View(context.Now);
    }
}

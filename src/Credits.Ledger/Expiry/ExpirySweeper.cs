using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Expiry;

/// <summary>
/// Writes the expiries that time has made due (holds past their TTL, lots past their expiry) and
/// forgets idempotency keys past their retention. Reads already treat due items as expired; the
/// sweep only makes the journal say so.
/// </summary>
public sealed class ExpirySweeper(LedgerEngine engine, LedgerDatabase database, TimeProvider time)
{
    /// <summary>Accounts swept in one transaction.</summary>
    public const int AccountsPerBatchMax = 50;

    /// <summary>Sweeps up to <paramref name="accountsMax"/> accounts; returns how many were due.</summary>
    public async Task<int> SweepOnceAsync(int accountsMax = 1000, CancellationToken cancellationToken = default)
    {
        var nowMs = Clock.ToMs(Clock.Now(time));
        List<string> due;
        await using (var db = database.Open())
        {
            var holdAccounts = await db.Holds.Where(hold => hold.State == 0 && hold.ExpiresAtMs <= nowMs)
                .Select(hold => hold.AccountId).Distinct().Take(accountsMax).ToListAsync(cancellationToken);
            var lotAccounts = await db.Lots.Where(lot => lot.Remaining > lot.Held && lot.ExpiresAtMs != null && lot.ExpiresAtMs <= nowMs)
                .Select(lot => lot.AccountId).Distinct().Take(accountsMax).ToListAsync(cancellationToken);
            due = holdAccounts.Union(lotAccounts, StringComparer.Ordinal).Take(accountsMax).ToList();
            await db.IdempotencyKeys.Where(key => key.ExpiresAtMs <= nowMs).DeleteAsync(cancellationToken);
        }
        foreach (var chunk in due.Chunk(AccountsPerBatchMax))
        {
            await engine.ExecuteAsync(chunk.Select(accountId => (LedgerCommand)new SweepCommand(accountId)).ToList(), cancellationToken);
        }
        return due.Count;
    }
}

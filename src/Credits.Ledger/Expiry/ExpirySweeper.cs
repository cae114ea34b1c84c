using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Expiry;

/// <summary>
/// Writes the expiries that time has made due (holds past their TTL, lots past their expiry),
/// returns the escrow of gift codes that expired unredeemed to their issuers, and forgets
/// idempotency keys past their retention. Reads already treat due items as expired; the sweep only
/// makes the journal say so.
/// </summary>
public sealed class ExpirySweeper(LedgerEngine engine, LedgerDatabase database, TimeProvider time)
{
    /// <summary>Accounts swept in one transaction.</summary>
    public const int AccountsPerBatchMax = 50;

    /// <summary>
    /// Expired idempotency keys deleted by one statement. A sweep after a burst (or after the sweeper
    /// was stopped for a while) may find millions; one unbounded DELETE then held its locks and
    /// its transaction for as long as it took, and bloated the WAL in one go.
    /// </summary>
    public const int KeysPerDeleteMax = 5_000;

    /// <summary>Sweeps up to <paramref name="accountsMax"/> accounts; returns how many had expiries due (those visited only for an expiry warning are not counted).</summary>
    public async Task<int> SweepOnceAsync(int accountsMax = 1000, CancellationToken cancellationToken = default) =>
        await SweepOnceAsync(accountsMax, KeysPerDeleteMax, cancellationToken);

    /// <summary>
    /// Accounts with a lot inside a warning's window that has not had that warning (the catch-up of
    /// their sweep gives it): one range query on the lots' expiry index per warning day.
    /// </summary>
    private async Task<List<string>> WarningDueAsync(LedgerDb db, long nowMs, int accountsMax, CancellationToken cancellationToken)
    {
        var accounts = new List<string>();
        if (!engine.Options.Notifications.Enabled)
        {
            return accounts;
        }
        foreach (var days in engine.Options.Notifications.WarningDays)
        {
            var horizonMs = nowMs + (long)TimeSpan.FromDays(days).TotalMilliseconds;
            accounts.AddRange(await db.Lots
                .Where(lot => lot.Remaining > lot.Held && lot.ExpiresAtMs > nowMs && lot.ExpiresAtMs <= horizonMs
                    && (lot.ExpiryWarnedDays == null || lot.ExpiryWarnedDays > days))
                .Select(lot => lot.AccountId).Distinct().Take(accountsMax).ToListAsync(cancellationToken));
        }
        return accounts;
    }

    internal async Task<int> SweepOnceAsync(int accountsMax, int keysPerDelete, CancellationToken cancellationToken)
    {
        var nowMs = Clock.ToMs(Clock.Now(time));
        List<string> due;
        List<string> warned;
        List<(string Issuer, string Hash)> expiredCodes;
        await using (var db = database.Open())
        {
            // Active gift codes past their expiry (the partial index ix_gift_codes_active_expiry): their escrow goes home.
            expiredCodes = (await db.GiftCodes.Where(code => code.State == (int)GiftCodes.GiftCodeState.Active && code.ExpiresAtMs <= nowMs)
                .OrderBy(code => code.ExpiresAtMs).Take(accountsMax).Select(code => new { code.IssuerAccountId, code.CodeHash })
                .ToListAsync(cancellationToken)).ConvertAll(code => (code.IssuerAccountId, code.CodeHash));
            var holdAccounts = await db.Holds.Where(hold => hold.State == 0 && hold.ExpiresAtMs <= nowMs)
                .Select(hold => hold.AccountId).Distinct().Take(accountsMax).ToListAsync(cancellationToken);
            var lotAccounts = await db.Lots.Where(lot => lot.Remaining > lot.Held && lot.ExpiresAtMs != null && lot.ExpiresAtMs <= nowMs)
                .Select(lot => lot.AccountId).Distinct().Take(accountsMax).ToListAsync(cancellationToken);
            due = holdAccounts.Union(lotAccounts, StringComparer.Ordinal).Take(accountsMax).ToList();
            // Accounts with only an expiry warning due are swept too (their catch-up gives it), in
            // what room is left, but not counted: nothing of their balance was due.
            warned = (await WarningDueAsync(db, nowMs, accountsMax, cancellationToken)).Except(due, StringComparer.Ordinal)
                .Take(accountsMax - due.Count).ToList();
            // Neither PostgreSQL nor SQLite (as built) has DELETE ... LIMIT, so each statement deletes
            // up to the expiry of the keysPerDelete-th oldest expired key (an index probe on
            // ix_idempotency_keys_expiry); keys sharing that millisecond go with it.
            while (true)
            {
                var cutoff = await db.IdempotencyKeys.Where(key => key.ExpiresAtMs <= nowMs).OrderBy(key => key.ExpiresAtMs)
                    .Select(key => (long?)key.ExpiresAtMs).Skip(keysPerDelete - 1).FirstOrDefaultAsync(cancellationToken);
                await db.IdempotencyKeys.Where(key => key.ExpiresAtMs <= (cutoff ?? nowMs)).DeleteAsync(cancellationToken);
                if (cutoff is null)
                {
                    break;
                }
            }
        }
        foreach (var chunk in due.Concat(warned).Chunk(AccountsPerBatchMax))
        {
            await engine.ExecuteAsync(chunk.Select(accountId => (LedgerCommand)new SweepCommand(accountId)).ToList(), cancellationToken);
        }
        foreach (var chunk in expiredCodes.Chunk(AccountsPerBatchMax))
        {
            await engine.ExecuteAsync(chunk.Select(code => (LedgerCommand)new ReturnExpiredGiftCodeCommand(code.Issuer, code.Hash)).ToList(),
                cancellationToken);
        }
        return due.Count;
    }
}

using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace Credits.Ledger.Engine;

/// <summary>
/// Locks the accounts a batch touches, always in ordinal order of their ids so that concurrent
/// batches never deadlock, and loads what the deciders need.
/// </summary>
internal static class BatchLoader
{
    public static async Task<Batch> LoadAsync(LedgerDb db, DatabaseProvider provider, IReadOnlyList<LedgerCommand> commands,
        RuleContext context, CancellationToken cancellationToken)
    {
        var batch = new Batch(context);
        var holdIds = commands.Select(HoldIdOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (holdIds.Count > 0)
        {
            // A hold never changes account, so finding its account needs no lock.
            var owners = await db.Holds.Where(hold => holdIds.Contains(hold.HoldId))
                .Select(hold => new { hold.HoldId, hold.AccountId })
                .ToListAsync(cancellationToken);
            foreach (var owner in owners)
            {
                batch.HoldAccounts[owner.HoldId] = owner.AccountId;
            }
        }

        var touched = new SortedDictionary<string, bool>(StringComparer.Ordinal);
        foreach (var command in commands)
        {
            foreach (var (accountId, create) in AccountsOf(command, batch.HoldAccounts))
            {
                touched[accountId] = touched.GetValueOrDefault(accountId) || create;
            }
        }

        var rows = new Dictionary<string, AccountRow>(StringComparer.Ordinal);
        foreach (var (accountId, create) in touched)
        {
            if (create)
            {
                await db.ExecuteAsync(InsertAccountSql,
                    cancellationToken,
                    new DataParameter("id", accountId, DataType.NVarChar),
                    new DataParameter("now", Clock.ToMs(context.Now), DataType.Int64));
            }
            var row = await LockAsync(db, provider, accountId, cancellationToken);
            if (row is not null)
            {
                rows[accountId] = row;
            }
        }

        var accountIds = touched.Keys.ToList();
        var lots = await db.Lots.Where(lot => accountIds.Contains(lot.AccountId) && lot.Remaining > 0).ToListAsync(cancellationToken);
        var holds = await db.Holds
            .Where(hold => accountIds.Contains(hold.AccountId) && (hold.State == 0 || holdIds.Contains(hold.HoldId)))
            .ToListAsync(cancellationToken);
        var keys = commands.Select(KeyOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (keys.Count > 0)
        {
            var keyRows = await db.IdempotencyKeys
                .Where(key => accountIds.Contains(key.AccountId) && keys.Contains(key.IdempotencyKey))
                .ToListAsync(cancellationToken);
            foreach (var key in keyRows)
            {
                batch.Keys[new IdempotencyKeyId(key.AccountId, key.Caller, key.IdempotencyKey)] = key;
            }
        }

        foreach (var accountId in accountIds)
        {
            var state = rows.TryGetValue(accountId, out var row)
                ? new AccountState(accountId, persisted: true, row.Available, row.Held, row.LastSequence, (LeadState)row.LeadState,
                    row.ClaimedBy,
                    lots.Where(lot => lot.AccountId == accountId).Select(RowMapping.ToLot),
                    holds.Where(hold => hold.AccountId == accountId).Select(RowMapping.ToHold))
                : AccountState.Empty(accountId);
            batch.Accounts[accountId] = state;
        }
        return batch;
    }

    private const string InsertAccountSql =
        "INSERT INTO accounts (account_id, available, held, last_sequence, lead_state, claimed_by, created_at_ms, updated_at_ms) " +
        "VALUES (@id, 0, 0, 0, 0, NULL, @now, @now) ON CONFLICT (account_id) DO NOTHING";

    private static async Task<AccountRow?> LockAsync(LedgerDb db, DatabaseProvider provider, string accountId, CancellationToken cancellationToken)
    {
        // SQLite has no row locks: the write transaction (BEGIN IMMEDIATE) already holds the
        // database's single write lock. PostgreSQL locks just this row until commit.
        var sql = "SELECT account_id, available, held, last_sequence, lead_state, claimed_by, created_at_ms, updated_at_ms " +
                  "FROM accounts WHERE account_id = @id" + (provider == DatabaseProvider.Postgres ? " FOR UPDATE" : "");
        var found = await db.QueryToListAsync<AccountRow>(sql, cancellationToken, new DataParameter("id", accountId, DataType.NVarChar));
        return found.Count == 0 ? null : found[0];
    }

    private static string? HoldIdOf(LedgerCommand command) => command switch
    {
        CommitCommand commit => commit.HoldId,
        ReleaseCommand release => release.HoldId,
        _ => null,
    };

    private static string? KeyOf(LedgerCommand command) => command switch
    {
        GrantCommand grant => grant.IdempotencyKey,
        ReserveCommand reserve => reserve.IdempotencyKey,
        ClaimLeadCommand claim => claim.IdempotencyKey,
        _ => null,
    };

    /// <summary>The accounts a command touches, and whether it may create them.</summary>
    private static IEnumerable<(string AccountId, bool Create)> AccountsOf(LedgerCommand command, Dictionary<string, string> holdAccounts)
    {
        switch (command)
        {
            case GrantCommand grant:
                yield return (grant.AccountId, true);
                break;
            case ReserveCommand reserve:
                // A lead is created on first use so that its allowance is granted exactly once.
                yield return (reserve.AccountId, AccountIds.KindOf(reserve.AccountId) == AccountKind.Lead);
                break;
            case CommitCommand commit when holdAccounts.TryGetValue(commit.HoldId, out var commitAccount):
                yield return (commitAccount, false);
                break;
            case ReleaseCommand release when holdAccounts.TryGetValue(release.HoldId, out var releaseAccount):
                yield return (releaseAccount, false);
                break;
            case ClaimLeadCommand claim:
                yield return (claim.LeadAccountId, true);
                yield return (claim.UserAccountId, true);
                break;
            case SweepCommand sweep:
                yield return (sweep.AccountId, false);
                break;
        }
    }
}

using System.Data.Common;
using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;

namespace Credits.Ledger.Engine;

/// <summary>
/// Locks the accounts a batch touches and loads what the deciders need, in one round trip:
/// creates the accounts commands may create, locks every account (named directly, or owning a
/// named hold) in ordinal order of id so that concurrent batches never deadlock, and reads their
/// live lots, their active and named holds, and the batch's idempotency keys.
/// </summary>
internal static class BatchLoader
{
    public static async Task<Batch> LoadAsync(DbConnection connection, DbTransaction? transaction, DatabaseProvider provider,
        IReadOnlyList<LedgerCommand> commands, RuleContext context, CancellationToken cancellationToken)
    {
        var batch = new Batch(context);
        var named = new SortedDictionary<string, bool>(StringComparer.Ordinal);
        foreach (var ledgerCommand in commands)
        {
            foreach (var (accountId, create) in AccountsOf(ledgerCommand))
            {
                named[accountId] = named.GetValueOrDefault(accountId) || create;
            }
        }
        var holdIds = commands.Select(HoldIdOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var keys = commands.OfType<IKeyedCommand>().Select(keyed => keyed.IdempotencyKey).Distinct(StringComparer.Ordinal).ToList();

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new SqlText(command);
        var nowMs = Clock.ToMs(context.Now);
        if (transaction is null)
        {
            // The engine begins the transaction in the load's text (and the writer commits it in its own).
            sql.Append("BEGIN ISOLATION LEVEL READ COMMITTED;\n");
        }
        // Created in the same ordinal order as they are locked below.
        foreach (var (accountId, _) in named.Where(account => account.Value))
        {
            sql.Append($"INSERT INTO accounts ({RowReaders.AccountColumns}) VALUES (").Param(accountId)
                .Append(", 0, 0, 0, 0, NULL, ").Param(nowMs).Append(", ").Param(nowMs)
                .Append(", 0) ON CONFLICT (account_id) DO NOTHING;\n");
        }
        var inAccounts = AccountSet(sql, named.Keys, holdIds);
        sql.Append($"SELECT {RowReaders.AccountColumns} FROM accounts WHERE {inAccounts} ORDER BY account_id")
            // SQLite has no row locks: the write transaction (BEGIN IMMEDIATE) holds its single
            // write lock already. PostgreSQL locks the rows in the ORDER BY order.
            .Append(provider == DatabaseProvider.Postgres ? " FOR UPDATE;\n" : ";\n");
        // A reversal returns credits to lots a claw-back emptied, so it loads the account's spent lots too.
        var reversing = commands.OfType<ReverseClawbackCommand>().Select(reverse => reverse.AccountId).Distinct(StringComparer.Ordinal).ToList();
        sql.Append($"SELECT {RowReaders.LotColumns} FROM lots WHERE {inAccounts} AND (remaining > 0");
        if (reversing.Count > 0)
        {
            sql.Append(" OR account_id IN ").List(reversing);
        }
        sql.Append(");\n");
        sql.Append($"SELECT {RowReaders.HoldColumns} FROM holds WHERE {inAccounts} AND (state = 0");
        if (holdIds.Count > 0)
        {
            sql.Append(" OR hold_id IN ").List(holdIds);
        }
        sql.Append(");\n");
        var references = commands.Select(ClawbackReferenceOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        sql.Append($"SELECT {RowReaders.ClawbackColumns} FROM clawbacks WHERE {inAccounts} AND (owed_outstanding > 0");
        if (references.Count > 0)
        {
            sql.Append(" OR reference IN ").List(references);
        }
        sql.Append(");\n");
        if (keys.Count > 0)
        {
            sql.Append($"SELECT {RowReaders.KeyColumns} FROM idempotency_keys WHERE {inAccounts} AND idempotency_key IN ").List(keys).Append(";\n");
        }

        var accounts = new List<AccountRow>();
        var lots = new List<LotRow>();
        var holds = new List<HoldRow>();
        var clawbacks = new List<ClawbackRow>();
        await using (var reader = await sql.Build().ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                accounts.Add(RowReaders.Account(reader));
            }
            await NextResultAsync(reader, cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lots.Add(RowReaders.Lot(reader));
            }
            await NextResultAsync(reader, cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                holds.Add(RowReaders.Hold(reader));
            }
            await NextResultAsync(reader, cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                clawbacks.Add(RowReaders.Clawback(reader));
            }
            if (keys.Count > 0)
            {
                await NextResultAsync(reader, cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var key = RowReaders.Key(reader);
                    batch.Keys[new IdempotencyKeyId(key.AccountId, key.Caller, key.IdempotencyKey)] = key;
                }
            }
        }

        foreach (var hold in holds.Where(hold => holdIds.Contains(hold.HoldId, StringComparer.Ordinal)))
        {
            batch.HoldAccounts[hold.HoldId] = hold.AccountId;
        }
        var rows = accounts.ToDictionary(row => row.AccountId, StringComparer.Ordinal);
        foreach (var accountId in named.Keys.Concat(batch.HoldAccounts.Values).Distinct(StringComparer.Ordinal))
        {
            batch.Accounts[accountId] = rows.TryGetValue(accountId, out var row)
                ? new AccountState(accountId, persisted: true, row.Available, row.Held, row.LastSequence, (LeadState)row.LeadState,
                    row.ClaimedBy,
                    lots.Where(lot => lot.AccountId == accountId).Select(RowMapping.ToLot),
                    holds.Where(hold => hold.AccountId == accountId).Select(RowMapping.ToHold),
                    row.Owed,
                    clawbacks.Where(clawback => clawback.AccountId == accountId).Select(RowMapping.ToClawback))
                : AccountState.Empty(accountId);
        }
        return batch;
    }

    /// <summary>The predicate selecting the batch's accounts: named ones and the owners of named holds.</summary>
    private static string AccountSet(SqlText sql, IEnumerable<string> accountIds, List<string> holdIds)
    {
        // The parameters are added once; each query repeats the predicate's text. Named accounts and
        // hold owners are one IN list, never "IN (...) OR IN (SELECT ...)": PostgreSQL cannot use an
        // index for that OR and scanned whole tables (idempotency keys, journal-sized) per batch.
        var ids = accountIds.ToList();
        var owners = holdIds.Count > 0 ? "SELECT account_id FROM holds WHERE hold_id IN " + sql.ListText(holdIds) : null;
        return (ids.Count, owners) switch
        {
            (0, null) => "1 = 0",
            (_, null) => "account_id IN " + sql.ListText(ids),
            (0, _) => "account_id IN (" + owners + ")",
            _ => "account_id IN (" + owners + " UNION VALUES " + string.Join(", ", ids.Select(id => sql.ListText([id]))) + ")",
        };
    }

    private static async Task NextResultAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.NextResultAsync(cancellationToken))
        {
            throw new InvalidOperationException("The batch load returned fewer result sets than it asked for.");
        }
    }

    private static string? ClawbackReferenceOf(LedgerCommand command) => command switch
    {
        ClawbackCommand clawback => clawback.Reference,
        ReverseClawbackCommand reverse => reverse.Reference,
        _ => null,
    };

    private static string? HoldIdOf(LedgerCommand command) => command switch
    {
        CommitCommand commit => commit.HoldId,
        ReleaseCommand release => release.HoldId,
        _ => null,
    };

    /// <summary>The accounts a command names, and whether it may create them.</summary>
    private static IEnumerable<(string AccountId, bool Create)> AccountsOf(LedgerCommand command)
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
            case ClaimLeadCommand claim:
                yield return (claim.LeadAccountId, true);
                yield return (claim.UserAccountId, true);
                break;
            case SweepCommand sweep:
                yield return (sweep.AccountId, false);
                break;
            case ClawbackCommand clawback:
                // A refund may arrive for an account that has nothing yet: what it cannot take is owed.
                yield return (clawback.AccountId, true);
                break;
            case NoteCommand note:
                yield return (note.AccountId, true);
                break;
            case ReverseClawbackCommand reverse:
                yield return (reverse.AccountId, false);
                break;
            case FreezeCommand freeze:
                yield return (freeze.AccountId, false);
                break;
            case UnfreezeCommand unfreeze:
                yield return (unfreeze.AccountId, false);
                break;
        }
    }
}

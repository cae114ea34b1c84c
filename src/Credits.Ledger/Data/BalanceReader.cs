using Credits.Ledger.Accounts;
using Credits.Ledger.Balances;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;

namespace Credits.Ledger.Data;

/// <summary>
/// Reads a balance without writing: what time has made due (expired holds and lots, a lead's
/// first-use allowance) is applied to an in-memory copy, exactly as the next write would apply it.
/// The account row, its live lots, its active holds and its outstanding claw-backs come from one snapshot in one round trip,
/// so a concurrent write cannot make the pieces disagree.
/// </summary>
internal static class BalanceReader
{
    /// <summary>The balance at <c>context.Now</c>, and until when it holds unless a write changes it.</summary>
    public static async Task<(BalanceView View, DateTimeOffset ValidUntil)> ReadAsync(LedgerDatabase database, string accountId, RuleContext context,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // PostgreSQL: one REPEATABLE READ snapshot for the four reads, begun and ended in the same
        // round trip (Npgsql rolls back anything left open when the connection returns to its pool).
        // SQLite: a deferred transaction reads one WAL snapshot without taking the write lock.
        await using var snapshot = connection is Microsoft.Data.Sqlite.SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: true) : null;
        command.Transaction = snapshot;
        var sql = new SqlText(command);
        var postgres = database.Provider == DatabaseProvider.Postgres;
        sql.Append(postgres ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n" : "");
        sql.Append($"SELECT {RowReaders.AccountColumns} FROM accounts WHERE account_id = ").Param(accountId).Append(";\n");
        sql.Append($"SELECT {RowReaders.LotColumns} FROM lots WHERE account_id = @p0 AND remaining > 0;\n");
        sql.Append($"SELECT {RowReaders.HoldColumns} FROM holds WHERE account_id = @p0 AND state = 0;\n");
        sql.Append($"SELECT {RowReaders.ClawbackColumns} FROM clawbacks WHERE account_id = @p0 AND owed_outstanding > 0;\n");
        sql.Append(postgres ? "COMMIT;" : "");

        AccountRow? row = null;
        var lots = new List<LotRow>();
        var holds = new List<HoldRow>();
        var clawbacks = new List<ClawbackRow>();
        await using (var reader = await sql.Build().ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                row = RowReaders.Account(reader);
            }
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lots.Add(RowReaders.Lot(reader));
            }
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                holds.Add(RowReaders.Hold(reader));
            }
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                clawbacks.Add(RowReaders.Clawback(reader));
            }
        }

        var state = row is null
            ? Account.Empty(accountId)
            : new Account(accountId, persisted: true, row.Available, row.Held, row.LastSequence, (LeadState)row.LeadState,
                row.ClaimedBy, lots.Select(RowMapping.ToLot), holds.Select(RowMapping.ToHold), row.Owed, clawbacks.Select(RowMapping.ToClawback),
                row.LastHash);
        // The same invariant set the engine checks: a read never serves a balance its own rows contradict.
        state.AssertInvariants();
        state.CatchUp(context, warn: false);
        // Due expiries the catch-up applied are not stored (a read never writes), so the cursor is
        // the stored journal's end: the sweep's expiry entries then arrive through StreamHistory.
        // Such a balance is not cached: it is not what is stored, and the entries due are.
        var view = state.View(context.Now) with { LastSequence = row?.LastSequence ?? 0 };
        return (view, state.HasChanges ? context.Now : state.NextChangeAt(context.Now));
    }
}

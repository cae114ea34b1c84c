using System.Data.Common;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;

namespace Credits.Ledger.Engine;

/// <summary>
/// Writes every change a batch decided as one multi-statement command inside the batch's
/// transaction: one round trip, whatever the batch size. Every update must change exactly the
/// row it names, or the batch is rolled back as a bug. Without a transaction object (PostgreSQL,
/// where the load's text began the transaction) the command also commits, and each update checks
/// its own row count in SQL, since nothing can be rolled back once the answer arrives.
/// </summary>
internal static class BatchWriter
{
    /// <summary>Rows per multi-row INSERT, well under both providers' parameter limits.</summary>
    private const int RowsPerInsertMax = 200;

    /// <summary>Fails a PostgreSQL update that matched no row: division by zero, which aborts the transaction before its COMMIT.</summary>
    private const string CheckedUpdateEnd = " RETURNING 1) SELECT 1 / count(*) FROM changed;\n";

    public static async Task WriteAsync(DbConnection connection, DbTransaction? transaction, Batch batch, CancellationToken cancellationToken)
    {
        var commits = transaction is null;
        var updateStart = commits ? "WITH changed AS (" : "";
        var updateEnd = commits ? CheckedUpdateEnd : ";\n";
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new SqlText(command);
        var nowMs = Clock.ToMs(batch.Context.Now);
        var rowsExpected = 0;
        var newLots = new List<LotRow>();
        var newHolds = new List<HoldRow>();
        var journal = new List<JournalRow>();
        var newClawbacks = new List<ClawbackRow>();

        foreach (var account in batch.Accounts.Values)
        {
            if (account.IsDirty)
            {
                if (!account.Persisted)
                {
                    throw new InvalidOperationException($"Account {account.AccountId} changed but was never created.");
                }
                sql.Append(updateStart).Append("UPDATE accounts SET available = ").Param(account.Available)
                    .Append(", held = ").Param(account.Held)
                    .Append(", last_sequence = ").Param(account.LastSequence)
                    .Append(", lead_state = ").Param((int)account.LeadState)
                    .Append(", claimed_by = ").Param(account.ClaimedBy)
                    .Append(", updated_at_ms = ").Param(nowMs)
                    .Append(", owed = ").Param(account.Owed)
                    .Append(" WHERE account_id = ").Param(account.AccountId).Append(updateEnd);
                rowsExpected++;
            }
            foreach (var lot in account.Lots.Where(lot => lot.IsDirty))
            {
                if (lot.IsNew)
                {
                    newLots.Add(lot.ToRow());
                    continue;
                }
                sql.Append(updateStart).Append("UPDATE lots SET remaining = ").Param(lot.Remaining).Append(", held = ").Param(lot.Held)
                    .Append(", rollover_cap = ").Param(lot.RolloverCap)
                    .Append(" WHERE account_id = ").Param(lot.AccountId).Append(" AND lot_id = ").Param(lot.LotId).Append(updateEnd);
                rowsExpected++;
            }
            foreach (var hold in account.Holds.Where(hold => hold.IsDirty))
            {
                if (hold.IsNew)
                {
                    newHolds.Add(hold.ToRow());
                    continue;
                }
                sql.Append(updateStart).Append("UPDATE holds SET state = ").Param((int)hold.State)
                    .Append(", committed = ").Param(hold.Committed)
                    .Append(", released = ").Param(hold.Released)
                    .Append(", ended_at_ms = ").Param(Clock.ToMs(hold.EndedAt))
                    .Append(" WHERE account_id = ").Param(hold.AccountId).Append(" AND hold_id = ").Param(hold.HoldId).Append(updateEnd);
                rowsExpected++;
            }
            foreach (var clawback in account.Clawbacks.Where(clawback => clawback.IsDirty))
            {
                if (clawback.IsNew)
                {
                    newClawbacks.Add(clawback.ToRow());
                    continue;
                }
                sql.Append(updateStart).Append("UPDATE clawbacks SET owed_outstanding = ").Param(clawback.OwedOutstanding)
                    .Append(", reversed = ").Param(clawback.Reversed ? 1 : 0)
                    .Append(" WHERE account_id = ").Param(clawback.AccountId).Append(" AND reference = ").Param(clawback.Reference).Append(updateEnd);
                rowsExpected++;
            }
            journal.AddRange(account.NewEntries.Select(RowMapping.ToRow));
        }
        rowsExpected += Insert(sql, "clawbacks (account_id, reference, amount, taken_parts_json, owed_initial, owed_outstanding, reversed, created_at_ms)",
            newClawbacks, row => [row.AccountId, row.Reference, row.Amount, row.TakenPartsJson, row.OwedInitial, row.OwedOutstanding, row.Reversed,
                row.CreatedAtMs]);

        rowsExpected += Insert(sql, "lots (account_id, lot_id, bucket, priority, amount, remaining, held, expires_at_ms, reference, created_at_ms, " +
                                    "rollover_cap, rollover_expires_at_ms)",
            newLots, lot => [lot.AccountId, lot.LotId, lot.Bucket, lot.Priority, lot.Amount, lot.Remaining, lot.Held, lot.ExpiresAtMs, lot.Reference,
                lot.CreatedAtMs, lot.RolloverCap, lot.RolloverExpiresAtMs]);
        rowsExpected += Insert(sql, "holds (account_id, hold_id, amount, state, committed, released, parts_json, feature, expires_at_ms, created_at_ms, " +
                                    "ended_at_ms, purpose, reference)",
            newHolds, hold => [hold.AccountId, hold.HoldId, hold.Amount, hold.State, hold.Committed, hold.Released, hold.PartsJson, hold.Feature,
                hold.ExpiresAtMs, hold.CreatedAtMs, hold.EndedAtMs, hold.Purpose, hold.Reference]);
        rowsExpected += Insert(sql, "journal (account_id, sequence, kind, amount, available_after, held_after, lot_id, hold_id, parts_json, feature, actor, " +
                                    "idempotency_key, metadata_json, bucket, reference, created_at_ms, owed_after)",
            journal, entry => [entry.AccountId, entry.Sequence, entry.Kind, entry.Amount, entry.AvailableAfter, entry.HeldAfter, entry.LotId,
                entry.HoldId, entry.PartsJson, entry.Feature, entry.Actor, entry.IdempotencyKey, entry.MetadataJson, entry.Bucket, entry.Reference,
                entry.CreatedAtMs, entry.OwedAfter]);

        var newKeys = new List<IdempotencyRow>();
        foreach (var (id, replacesExpired) in batch.ClaimedKeys)
        {
            var key = batch.Keys[id];
            if (!replacesExpired)
            {
                newKeys.Add(key);
                continue;
            }
            sql.Append(updateStart).Append("UPDATE idempotency_keys SET fingerprint = ").Param(key.Fingerprint)
                .Append(", response_json = ").Param(key.ResponseJson)
                .Append(", created_at_ms = ").Param(key.CreatedAtMs)
                .Append(", expires_at_ms = ").Param(key.ExpiresAtMs)
                .Append(" WHERE account_id = ").Param(key.AccountId).Append(" AND caller = ").Param(key.Caller)
                .Append(" AND idempotency_key = ").Param(key.IdempotencyKey).Append(updateEnd);
            rowsExpected++;
        }
        rowsExpected += Insert(sql, "idempotency_keys (account_id, caller, idempotency_key, fingerprint, response_json, created_at_ms, expires_at_ms)",
            newKeys, key => [key.AccountId, key.Caller, key.IdempotencyKey, key.Fingerprint, key.ResponseJson, key.CreatedAtMs, key.ExpiresAtMs]);

        rowsExpected += Insert(sql, "outbox (account_id, message_id, topic, payload_json, result_json, created_at_ms, attempts, next_attempt_at_ms)",
            batch.Outbox, row => [row.AccountId, row.MessageId, row.Topic, row.PayloadJson, row.ResultJson, row.CreatedAtMs, 0, row.NextAttemptAtMs]);

        if (commits)
        {
            sql.Append("COMMIT;");
            try
            {
                await sql.Build().ExecuteNonQueryAsync(cancellationToken);
            }
            catch (Npgsql.PostgresException error) when (error.SqlState == Npgsql.PostgresErrorCodes.DivisionByZero)
            {
                throw new InvalidOperationException("A batch's update matched no row; rolled back.", error);
            }
            return;
        }
        if (sql.IsEmpty)
        {
            return;
        }
        var rowsWritten = await sql.Build().ExecuteNonQueryAsync(cancellationToken);
        if (rowsWritten != rowsExpected)
        {
            throw new InvalidOperationException($"A batch wrote {rowsWritten} rows where it meant to write {rowsExpected}; rolled back.");
        }
    }

    private static int Insert<T>(SqlText sql, string tableAndColumns, List<T> rows, Func<T, object?[]> values)
    {
        foreach (var chunk in rows.Chunk(RowsPerInsertMax))
        {
            sql.Append("INSERT INTO ").Append(tableAndColumns).Append(" VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Row(i == 0, values(chunk[i]));
            }
            sql.Append(";\n");
        }
        return rows.Count;
    }
}

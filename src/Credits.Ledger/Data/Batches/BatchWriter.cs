using System.Data.Common;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// Writes every change a batch decided as one multi-statement command inside the batch's
/// transaction: one round trip, whatever the batch size (see <see cref="BatchWriteText"/> for how
/// each update is checked). Without a transaction object (PostgreSQL, where the load's text began
/// the transaction) the command also commits.
/// </summary>
internal static class BatchWriter
{
    /// <summary>Writes the batch; <paramref name="warm"/>: the batch was decided on kept copies, so the write begins the transaction with their guard.</summary>
    public static async Task WriteAsync(DbConnection connection, DbTransaction? transaction, Batch batch, CancellationToken cancellationToken,
        WarmBatch? warm = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new SqlText(command);
        warm?.AppendGuard(sql);
        var sqlite = connection is Microsoft.Data.Sqlite.SqliteConnection;
        var write = new BatchWriteText(sql, commits: transaction is null,
            sqlite ? BatchWriteText.SqliteRowsPerInsertMax : BatchWriteText.RowsPerInsertMax);
        var nowMs = Clock.ToMs(batch.Context.Now);
        var newLots = new List<LotRow>();
        var newHolds = new List<HoldRow>();
        var journal = new List<JournalRow>();
        var newClawbacks = new List<ClawbackRow>();
        var notifications = new List<Notifications.AccountNotification>();

        foreach (var account in batch.Accounts.Values)
        {
            if (account.RowWritten)
            {
                if (!account.Persisted)
                {
                    throw new InvalidOperationException($"Account {account.AccountId} changed but was never created.");
                }
                var update = write.BeginUpdate().Append("UPDATE accounts SET available = ").Param(account.Available)
                    .Append(", held = ").Param(account.Held)
                    .Append(", last_sequence = ").Param(account.LastSequence)
                    .Append(", lead_state = ").Param((int)account.LeadState)
                    .Append(", claimed_by = ").Param(account.ClaimedBy)
                    .Append(", updated_at_ms = ").Param(nowMs)
                    .Append(", owed = ").Param(account.Owed)
                    .Append(", last_hash = ").Param(account.LastHash)
                    .Append(", top_up_balance = ").Param(account.TopUpBalance)
                    .Append(", low_balance_fired = ").Param(account.FiredPercent)
                    .Append(", last_notification_sequence = ").Param(account.LastNotificationSequence)
                    .Append(", notification_thresholds = ").Param(account.NotificationPreferences.StoredThresholds)
                    .Append(", notification_channels = ").Param((int)account.NotificationPreferences.Channels)
                    .Append(", last_usage_sequence = ").Param(account.LastUsageSequence)
                    .Append(", burn_spent = ").Param(account.Burn.Spent)
                    .Append(", burn_updated_at_ms = ").Param(account.Burn.UpdatedAtMs)
                    .Append(", burn_since_ms = ").Param(account.Burn.SinceMs)
                    .Append(", run_out_fired = ").Param(account.RunOutFired ? 1 : 0);
                if (account.NotificationEmailSet)
                {
                    update.Append(", notification_email = ").Param(account.NotificationPreferences.EmailAddress);
                    update.Append(", notification_locale = ").Param(account.NotificationPreferences.Locale);
                }
                update.Append(" WHERE account_id = ").Param(account.AccountId);
                write.EndUpdate();
            }
            foreach (var lot in account.Lots.Where(lot => lot.IsDirty))
            {
                if (lot.IsNew)
                {
                    newLots.Add(lot.ToRow());
                    continue;
                }
                write.BeginUpdate().Append("UPDATE lots SET remaining = ").Param(lot.Remaining).Append(", held = ").Param(lot.Held)
                    .Append(", rollover_cap = ").Param(lot.RolloverCap)
                    .Append(", expiry_warned_days = ").Param(lot.ExpiryWarnedDays)
                    .Append(" WHERE account_id = ").Param(lot.AccountId).Append(" AND lot_id = ").Param(lot.LotId);
                write.EndUpdate();
            }
            foreach (var hold in account.Holds.Where(hold => hold.IsDirty))
            {
                if (hold.IsNew)
                {
                    newHolds.Add(hold.ToRow());
                    continue;
                }
                write.BeginUpdate().Append("UPDATE holds SET state = ").Param((int)hold.State)
                    .Append(", committed = ").Param(hold.Committed)
                    .Append(", released = ").Param(hold.Released)
                    .Append(", ended_at_ms = ").Param(Clock.ToMs(hold.EndedAt))
                    .Append(", expires_at_ms = ").Param(Clock.ToMs(hold.ExpiresAt))
                    .Append(", refunded = ").Param(hold.Refunded)
                    .Append(", committed_parts_json = ").Param(StoredJson.WriteParts(hold.CommittedParts))
                    .Append(" WHERE account_id = ").Param(hold.AccountId).Append(" AND hold_id = ").Param(hold.HoldId);
                write.EndUpdate();
            }
            foreach (var clawback in account.Clawbacks.Where(clawback => clawback.IsDirty))
            {
                if (clawback.IsNew)
                {
                    newClawbacks.Add(clawback.ToRow());
                    continue;
                }
                write.BeginUpdate().Append("UPDATE clawbacks SET owed_outstanding = ").Param(clawback.OwedOutstanding)
                    .Append(", reversed = ").Param(clawback.Reversed ? 1 : 0)
                    .Append(" WHERE account_id = ").Param(clawback.AccountId).Append(" AND reference = ").Param(clawback.Reference);
                write.EndUpdate();
            }
            journal.AddRange(account.NewEntries.Select(RowMapping.ToRow));
            notifications.AddRange(account.NewNotifications);
        }
        write.Insert("clawbacks (account_id, reference, amount, taken_parts_json, owed_initial, owed_outstanding, reversed, created_at_ms)",
            newClawbacks, row => [row.AccountId, row.Reference, row.Amount, row.TakenPartsJson, row.OwedInitial, row.OwedOutstanding, row.Reversed,
                row.CreatedAtMs]);
        write.Insert("lots (account_id, lot_id, bucket, priority, amount, remaining, held, expires_at_ms, reference, created_at_ms, " +
                     "rollover_cap, rollover_expires_at_ms, expiry_warned_days, features)",
            newLots, lot => [lot.AccountId, lot.LotId, lot.Bucket, lot.Priority, lot.Amount, lot.Remaining, lot.Held, lot.ExpiresAtMs, lot.Reference,
                lot.CreatedAtMs, lot.RolloverCap, lot.RolloverExpiresAtMs, lot.ExpiryWarnedDays, lot.Features]);
        write.Insert("holds (account_id, hold_id, amount, state, committed, released, parts_json, feature, expires_at_ms, created_at_ms, " +
                     "ended_at_ms, purpose, reference, refunded, committed_parts_json)",
            newHolds, hold => [hold.AccountId, hold.HoldId, hold.Amount, hold.State, hold.Committed, hold.Released, hold.PartsJson, hold.Feature,
                hold.ExpiresAtMs, hold.CreatedAtMs, hold.EndedAtMs, hold.Purpose, hold.Reference, hold.Refunded, hold.CommittedPartsJson]);
        write.Insert("journal (account_id, sequence, kind, amount, available_after, held_after, lot_id, hold_id, parts_json, feature, actor, " +
                     "idempotency_key, metadata_json, bucket, reference, created_at_ms, owed_after, hash)",
            journal, entry => [entry.AccountId, entry.Sequence, entry.Kind, entry.Amount, entry.AvailableAfter, entry.HeldAfter, entry.LotId,
                entry.HoldId, entry.PartsJson, entry.Feature, entry.Actor, entry.IdempotencyKey, entry.MetadataJson, entry.Bucket, entry.Reference,
                entry.CreatedAtMs, entry.OwedAfter, entry.Hash]);
        write.Insert("notifications (account_id, sequence, kind, threshold_percent, balance, top_up_balance, journal_sequence, created_at_ms, read, " +
                     "lot_id, amount, expires_at_ms, rollover_amount, days_before, channels, run_out_at_ms, " +
                     "suggested_pack_id, purchase_url)",
            notifications, note => [note.AccountId, note.Sequence, (int)note.Kind, note.ThresholdPercent, note.Balance, note.TopUpBalance,
                note.JournalSequence, Clock.ToMs(note.CreatedAt), 0, note.Expiring?.LotId ?? "", note.Expiring?.Amount ?? 0,
                Clock.ToMs(note.Expiring?.ExpiresAt), note.Expiring?.RolloverAmount ?? 0, note.Expiring?.DaysBefore ?? 0, (int)note.Channels,
                Clock.ToMs(note.RunOutAt), note.SuggestedPackId, note.PurchaseUrl]);
        foreach (var (store, set) in batch.Entities)
        {
            store.AppendWrites(write, set);
        }
        write.Insert("outbox (account_id, message_id, topic, payload_json, result_json, created_at_ms, attempts, next_attempt_at_ms)",
            batch.Outbox, row => [row.AccountId, row.MessageId, row.Topic, row.PayloadJson, row.ResultJson, row.CreatedAtMs, 0, row.NextAttemptAtMs]);

        if (write.Commits)
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
        var rowsWritten = sqlite
            ? await sql.ExecuteEachStatementAsync(cancellationToken)
            : await sql.Build().ExecuteNonQueryAsync(cancellationToken);
        if (rowsWritten != write.RowsExpected)
        {
            throw new InvalidOperationException($"A batch wrote {rowsWritten} rows where it meant to write {write.RowsExpected}; rolled back.");
        }
    }
}

using System.Data.Common;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;

namespace Credits.Ledger.Data.Batches;

/// <summary>The hot path's column lists and the readers that map them, in the same order.</summary>
internal static class RowReaders
{
    public const string AccountColumns = "account_id, available, held, last_sequence, lead_state, claimed_by, created_at_ms, updated_at_ms, owed, last_hash";
    /// <summary>The notification columns the engine reads after <see cref="AccountColumns"/> (inserts leave them at their defaults).</summary>
    public const string AccountNotificationColumns = "top_up_balance, low_balance_fired, last_notification_sequence, notification_thresholds, notification_channels";
    /// <summary>The usage projector's column the engine reads after <see cref="AccountNotificationColumns"/>.</summary>
    public const string AccountUsageColumns = "last_usage_sequence";
    /// <summary>The run-out forecast's columns the engine reads after <see cref="AccountUsageColumns"/>, then the row's version (<see cref="WarmAccountCache"/>).</summary>
    public const string AccountBurnColumns = "burn_spent, burn_updated_at_ms, burn_since_ms, run_out_fired, row_version";
    public const string LotColumns = "account_id, lot_id, bucket, priority, amount, remaining, held, expires_at_ms, reference, created_at_ms, rollover_cap, rollover_expires_at_ms, expiry_warned_days, features";
    public const string HoldColumns = "account_id, hold_id, amount, state, committed, released, parts_json, feature, expires_at_ms, created_at_ms, ended_at_ms, purpose, reference, refunded, committed_parts_json";
    public const string ClawbackColumns = "account_id, reference, amount, taken_parts_json, owed_initial, owed_outstanding, reversed, created_at_ms";
    public const string KeyColumns = "account_id, caller, idempotency_key, fingerprint, response_json, created_at_ms, expires_at_ms";

    public static AccountRow Account(DbDataReader reader) => new()
    {
        AccountId = reader.GetString(0),
        Available = reader.GetInt64(1),
        Held = reader.GetInt64(2),
        LastSequence = reader.GetInt64(3),
        LeadState = reader.GetInt32(4),
        ClaimedBy = reader.IsDBNull(5) ? null : reader.GetString(5),
        CreatedAtMs = reader.GetInt64(6),
        UpdatedAtMs = reader.GetInt64(7),
        Owed = reader.GetInt64(8),
        LastHash = reader.IsDBNull(9) ? null : (byte[])reader.GetValue(9),
    };

    /// <summary>Reads <see cref="AccountNotificationColumns"/>, <see cref="AccountUsageColumns"/> and <see cref="AccountBurnColumns"/>, which follow <see cref="AccountColumns"/>, into <paramref name="row"/>.</summary>
    public static AccountRow WithNotifications(DbDataReader reader, AccountRow row)
    {
        row.TopUpBalance = reader.GetInt64(10);
        row.LowBalanceFired = reader.IsDBNull(11) ? null : reader.GetInt32(11);
        row.LastNotificationSequence = reader.GetInt64(12);
        row.NotificationThresholds = reader.IsDBNull(13) ? null : reader.GetString(13);
        row.NotificationChannels = reader.GetInt32(14);
        row.LastUsageSequence = reader.GetInt64(15);
        row.BurnSpent = reader.GetDouble(16);
        row.BurnUpdatedAtMs = reader.GetInt64(17);
        row.BurnSinceMs = reader.GetInt64(18);
        row.RunOutFired = reader.GetInt32(19);
        row.RowVersion = reader.GetInt64(20);
        return row;
    }

    public static LotRow Lot(DbDataReader reader) => new()
    {
        AccountId = reader.GetString(0),
        LotId = reader.GetString(1),
        Bucket = reader.GetInt32(2),
        Priority = reader.GetInt32(3),
        Amount = reader.GetInt64(4),
        Remaining = reader.GetInt64(5),
        Held = reader.GetInt64(6),
        ExpiresAtMs = reader.IsDBNull(7) ? null : reader.GetInt64(7),
        Reference = reader.GetString(8),
        CreatedAtMs = reader.GetInt64(9),
        RolloverCap = reader.GetInt64(10),
        RolloverExpiresAtMs = reader.IsDBNull(11) ? null : reader.GetInt64(11),
        ExpiryWarnedDays = reader.IsDBNull(12) ? null : reader.GetInt32(12),
        Features = reader.GetString(13),
    };

    public static HoldRow Hold(DbDataReader reader) => new()
    {
        AccountId = reader.GetString(0),
        HoldId = reader.GetString(1),
        Amount = reader.GetInt64(2),
        State = reader.GetInt32(3),
        Committed = reader.GetInt64(4),
        Released = reader.GetInt64(5),
        PartsJson = reader.GetString(6),
        Feature = reader.GetString(7),
        ExpiresAtMs = reader.GetInt64(8),
        CreatedAtMs = reader.GetInt64(9),
        EndedAtMs = reader.IsDBNull(10) ? null : reader.GetInt64(10),
        Purpose = reader.GetInt32(11),
        Reference = reader.GetString(12),
        Refunded = reader.GetInt64(13),
        CommittedPartsJson = reader.GetString(14),
    };

    public static ClawbackRow Clawback(DbDataReader reader) => new()
    {
        AccountId = reader.GetString(0),
        Reference = reader.GetString(1),
        Amount = reader.GetInt64(2),
        TakenPartsJson = reader.GetString(3),
        OwedInitial = reader.GetInt64(4),
        OwedOutstanding = reader.GetInt64(5),
        Reversed = reader.GetInt32(6),
        CreatedAtMs = reader.GetInt64(7),
    };

    public static IdempotencyRow Key(DbDataReader reader) => new()
    {
        AccountId = reader.GetString(0),
        Caller = reader.GetString(1),
        IdempotencyKey = reader.GetString(2),
        Fingerprint = reader.GetString(3),
        ResponseJson = reader.GetString(4),
        CreatedAtMs = reader.GetInt64(5),
        ExpiresAtMs = reader.GetInt64(6),
    };
}

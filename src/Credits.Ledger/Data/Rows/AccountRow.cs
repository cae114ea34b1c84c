using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

/// <summary>The balance view of one account, kept in the same transaction as every change.</summary>
[Table("accounts")]
internal sealed class AccountRow
{
    [Column("account_id"), PrimaryKey] public string AccountId { get; set; } = "";
    [Column("available")] public long Available { get; set; }
    [Column("held")] public long Held { get; set; }
    [Column("last_sequence")] public long LastSequence { get; set; }
    [Column("lead_state")] public int LeadState { get; set; }
    [Column("claimed_by"), Nullable] public string? ClaimedBy { get; set; }
    [Column("created_at_ms")] public long CreatedAtMs { get; set; }
    [Column("updated_at_ms")] public long UpdatedAtMs { get; set; }
    [Column("owed")] public long Owed { get; set; }
    [Column("last_hash"), Nullable] public byte[]? LastHash { get; set; }
    [Column("top_up_balance")] public long TopUpBalance { get; set; }
    [Column("low_balance_fired"), Nullable] public int? LowBalanceFired { get; set; }
    [Column("last_notification_sequence")] public long LastNotificationSequence { get; set; }
    [Column("notification_thresholds"), Nullable] public string? NotificationThresholds { get; set; }
    [Column("last_usage_sequence")] public long LastUsageSequence { get; set; }
    [Column("notification_channels")] public int NotificationChannels { get; set; } = 3;
    [Column("notification_email"), Nullable] public string? NotificationEmail { get; set; }
    [Column("notification_locale"), Nullable] public string? NotificationLocale { get; set; }
    [Column("burn_spent")] public double BurnSpent { get; set; }
    [Column("burn_updated_at_ms")] public long BurnUpdatedAtMs { get; set; }
    [Column("burn_since_ms")] public long BurnSinceMs { get; set; }
    [Column("run_out_fired")] public int RunOutFired { get; set; }
    /// <summary>Moved by a PostgreSQL trigger on every update (migration AddAccountRowVersion); the guard of batches decided on a kept copy.</summary>
    [Column("row_version")] public long RowVersion { get; set; }
}

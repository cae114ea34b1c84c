using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

[Table("subscriptions")]
internal sealed class SubscriptionRow
{
    [Column("account_id"), PrimaryKey(0)] public string AccountId { get; set; } = "";
    [Column("subscription_id"), PrimaryKey(1)] public string SubscriptionId { get; set; } = "";
    [Column("source")] public int Source { get; set; }
    [Column("tier_id")] public string TierId { get; set; } = "";
    [Column("status")] public int Status { get; set; }
    [Column("period_start_ms")] public long PeriodStartMs { get; set; }
    [Column("period_end_ms")] public long PeriodEndMs { get; set; }
    [Column("cancel_at_period_end")] public int CancelAtPeriodEnd { get; set; }
    [Column("pending_tier_id"), Nullable] public string? PendingTierId { get; set; }
    [Column("email"), Nullable] public string? Email { get; set; }
    [Column("created_at_ms")] public long CreatedAtMs { get; set; }
    [Column("updated_at_ms")] public long UpdatedAtMs { get; set; }
}

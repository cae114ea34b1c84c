using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

/// <summary>One grant (or decision to grant nothing) a subscription made, under a key that makes it happen once.</summary>
[Table("subscription_grants")]
internal sealed class SubscriptionGrantRow
{
    [Column("account_id"), PrimaryKey(0)] public string AccountId { get; set; } = "";
    [Column("grant_key"), PrimaryKey(1)] public string GrantKey { get; set; } = "";
    [Column("subscription_id")] public string SubscriptionId { get; set; } = "";
    [Column("kind")] public int Kind { get; set; }
    [Column("tier_id")] public string TierId { get; set; } = "";
    [Column("amount")] public long Amount { get; set; }
    [Column("lot_id"), Nullable] public string? LotId { get; set; }
    [Column("period_start_ms")] public long PeriodStartMs { get; set; }
    [Column("period_end_ms")] public long PeriodEndMs { get; set; }
    [Column("created_at_ms")] public long CreatedAtMs { get; set; }
}

using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

[Table("payments")]
internal sealed class PaymentRow
{
    [Column("payment_id"), PrimaryKey] public string PaymentId { get; set; } = "";
    [Column("account_id")] public string AccountId { get; set; } = "";
    [Column("session_id")] public string SessionId { get; set; } = "";
    [Column("pack_id")] public string PackId { get; set; } = "";
    [Column("pack_name"), Nullable] public string? PackName { get; set; }
    [Column("credits")] public long Credits { get; set; }
    [Column("bonus_credits")] public long BonusCredits { get; set; }
    [Column("validity_months"), Nullable] public int? ValidityMonths { get; set; }
    [Column("amount_total")] public long AmountTotal { get; set; }
    [Column("currency"), Nullable] public string? Currency { get; set; }
    [Column("email"), Nullable] public string? Email { get; set; }
    [Column("status")] public int Status { get; set; }
    [Column("paid_at_ms"), Nullable] public long? PaidAtMs { get; set; }
    [Column("expires_at_ms"), Nullable] public long? ExpiresAtMs { get; set; }
    [Column("purchase_lot_id"), Nullable] public string? PurchaseLotId { get; set; }
    [Column("bonus_lot_id"), Nullable] public string? BonusLotId { get; set; }
    [Column("lots")] public string Lots { get; set; } = "";
    [Column("noted_reason"), Nullable] public string? NotedReason { get; set; }
    [Column("created_at_ms")] public long CreatedAtMs { get; set; }
    [Column("updated_at_ms")] public long UpdatedAtMs { get; set; }
}

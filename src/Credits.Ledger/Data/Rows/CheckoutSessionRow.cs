using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

[Table("checkout_sessions")]
internal sealed class CheckoutSessionRow
{
    [Column("session_id"), PrimaryKey] public string SessionId { get; set; } = "";
    [Column("account_id")] public string AccountId { get; set; } = "";
    [Column("pack_id")] public string PackId { get; set; } = "";
    [Column("pack_name")] public string PackName { get; set; } = "";
    [Column("credits")] public long Credits { get; set; }
    [Column("bonus_credits")] public long BonusCredits { get; set; }
    [Column("validity_months"), Nullable] public int? ValidityMonths { get; set; }
    [Column("amount_total"), Nullable] public long? AmountTotal { get; set; }
    [Column("currency"), Nullable] public string? Currency { get; set; }
    [Column("lots")] public string Lots { get; set; } = "";
    [Column("locale"), Nullable] public string? Locale { get; set; }
    [Column("created_at_ms")] public long CreatedAtMs { get; set; }
}

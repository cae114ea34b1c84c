using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

[Table("gift_codes")]
internal sealed class GiftCodeRow
{
    [Column("code_hash"), PrimaryKey] public string CodeHash { get; set; } = "";
    [Column("code_id")] public string CodeId { get; set; } = "";
    [Column("issuer_account_id")] public string IssuerAccountId { get; set; } = "";
    [Column("display_suffix")] public string DisplaySuffix { get; set; } = "";
    [Column("amount")] public long Amount { get; set; }
    [Column("expires_at_ms")] public long ExpiresAtMs { get; set; }
    [Column("created_at_ms")] public long CreatedAtMs { get; set; }
    [Column("escrow")] public string Escrow { get; set; } = "[]";
    [Column("state")] public int State { get; set; }
    [Column("ended_by")] public string EndedBy { get; set; } = "";
    [Column("ended_at_ms"), Nullable] public long? EndedAtMs { get; set; }
}

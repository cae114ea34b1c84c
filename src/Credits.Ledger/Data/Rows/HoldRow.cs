using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

[Table("holds")]
internal sealed class HoldRow
{
    [Column("account_id"), PrimaryKey(0)] public string AccountId { get; set; } = "";
    [Column("hold_id"), PrimaryKey(1)] public string HoldId { get; set; } = "";
    [Column("amount")] public long Amount { get; set; }
    [Column("state")] public int State { get; set; }
    [Column("committed")] public long Committed { get; set; }
    [Column("released")] public long Released { get; set; }
    [Column("parts_json")] public string PartsJson { get; set; } = "[]";
    [Column("feature")] public string Feature { get; set; } = "";
    [Column("expires_at_ms")] public long ExpiresAtMs { get; set; }
    [Column("created_at_ms")] public long CreatedAtMs { get; set; }
    [Column("ended_at_ms"), Nullable] public long? EndedAtMs { get; set; }
    [Column("purpose")] public int Purpose { get; set; }
    [Column("reference")] public string Reference { get; set; } = "";
    [Column("refunded")] public long Refunded { get; set; }
    [Column("committed_parts_json")] public string CommittedPartsJson { get; set; } = "[]";
}

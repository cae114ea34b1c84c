using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

[Table("clawbacks")]
internal sealed class ClawbackRow
{
    [Column("account_id"), PrimaryKey(0)] public string AccountId { get; set; } = "";
    [Column("reference"), PrimaryKey(1)] public string Reference { get; set; } = "";
    [Column("amount")] public long Amount { get; set; }
    [Column("taken_parts_json")] public string TakenPartsJson { get; set; } = "[]";
    [Column("owed_initial")] public long OwedInitial { get; set; }
    [Column("owed_outstanding")] public long OwedOutstanding { get; set; }
    [Column("reversed")] public int Reversed { get; set; }
    [Column("created_at_ms")] public long CreatedAtMs { get; set; }
}

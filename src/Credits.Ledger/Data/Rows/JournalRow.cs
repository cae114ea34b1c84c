using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

[Table("journal")]
internal sealed class JournalRow
{
    [Column("account_id"), PrimaryKey(0)] public string AccountId { get; set; } = "";
    [Column("sequence"), PrimaryKey(1)] public long Sequence { get; set; }
    [Column("kind")] public int Kind { get; set; }
    [Column("amount")] public long Amount { get; set; }
    [Column("available_after")] public long AvailableAfter { get; set; }
    [Column("held_after")] public long HeldAfter { get; set; }
    [Column("lot_id")] public string LotId { get; set; } = "";
    [Column("hold_id")] public string HoldId { get; set; } = "";
    [Column("parts_json")] public string PartsJson { get; set; } = "[]";
    [Column("feature")] public string Feature { get; set; } = "";
    [Column("actor")] public string Actor { get; set; } = "";
    [Column("idempotency_key")] public string IdempotencyKey { get; set; } = "";
    [Column("metadata_json")] public string MetadataJson { get; set; } = "{}";
    [Column("bucket"), Nullable] public int? Bucket { get; set; }
    [Column("reference")] public string Reference { get; set; } = "";
    [Column("created_at_ms")] public long CreatedAtMs { get; set; }
    [Column("owed_after")] public long OwedAfter { get; set; }
    [Column("hash"), Nullable] public byte[]? Hash { get; set; }
}

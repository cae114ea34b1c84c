using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

[Table("lots")]
internal sealed class LotRow
{
    [Column("account_id"), PrimaryKey(0)] public string AccountId { get; set; } = "";
    [Column("lot_id"), PrimaryKey(1)] public string LotId { get; set; } = "";
    [Column("bucket")] public int Bucket { get; set; }
    [Column("priority")] public int Priority { get; set; }
    [Column("amount")] public long Amount { get; set; }
    [Column("remaining")] public long Remaining { get; set; }
    [Column("held")] public long Held { get; set; }
    [Column("expires_at_ms"), Nullable] public long? ExpiresAtMs { get; set; }
    [Column("reference")] public string Reference { get; set; } = "";
    [Column("created_at_ms")] public long CreatedAtMs { get; set; }
    [Column("rollover_cap")] public long RolloverCap { get; set; }
    [Column("rollover_expires_at_ms"), Nullable] public long? RolloverExpiresAtMs { get; set; }
    [Column("expiry_warned_days"), Nullable] public int? ExpiryWarnedDays { get; set; }
    [Column("features")] public string Features { get; set; } = "";
}

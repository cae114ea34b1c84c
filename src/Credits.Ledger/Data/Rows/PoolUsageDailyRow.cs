using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

/// <summary>Credits one pool member spent from the pool on one feature in one UTC day (<c>day</c>: days since 1970-01-01).</summary>
[Table("pool_usage_daily")]
internal sealed class PoolUsageDailyRow
{
    [Column("pool_id"), PrimaryKey(0)] public string PoolId { get; set; } = "";
    [Column("day"), PrimaryKey(1)] public long Day { get; set; }
    [Column("member_id"), PrimaryKey(2)] public string MemberId { get; set; } = "";
    [Column("feature"), PrimaryKey(3)] public string Feature { get; set; } = "";
    [Column("credits")] public long Credits { get; set; }
    [Column("operations")] public long Operations { get; set; }
}

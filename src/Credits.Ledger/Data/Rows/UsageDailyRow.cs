using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

/// <summary>Credits spent by one account on one feature in one UTC day (<c>day</c>: days since 1970-01-01).</summary>
[Table("usage_daily")]
internal sealed class UsageDailyRow
{
    [Column("account_id"), PrimaryKey(0)] public string AccountId { get; set; } = "";
    [Column("day"), PrimaryKey(1)] public long Day { get; set; }
    [Column("feature"), PrimaryKey(2)] public string Feature { get; set; } = "";
    [Column("credits")] public long Credits { get; set; }
    [Column("operations")] public long Operations { get; set; }
}

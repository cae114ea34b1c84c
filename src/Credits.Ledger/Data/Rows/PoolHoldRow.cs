using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

/// <summary>A hold reserved on a pool for one member (the batch store <c>PoolHoldStore</c> writes it; readers map it here).</summary>
[Table("pool_holds")]
internal sealed class PoolHoldRow
{
    [Column("hold_id"), PrimaryKey] public string HoldId { get; set; } = "";
    [Column("pool_id")] public string PoolId { get; set; } = "";
    [Column("member_id")] public string MemberId { get; set; } = "";
    [Column("period_start")] public long PeriodStart { get; set; }
    [Column("active")] public int Active { get; set; }
}

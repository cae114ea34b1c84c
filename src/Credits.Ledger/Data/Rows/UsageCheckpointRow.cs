using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

/// <summary>How far the usage projector has folded one account's journal into <c>usage_daily</c>.</summary>
[Table("usage_checkpoints")]
internal sealed class UsageCheckpointRow
{
    [Column("account_id"), PrimaryKey] public string AccountId { get; set; } = "";

    /// <summary>The last counted entry folded.</summary>
    [Column("sequence")] public long Sequence { get; set; }

    /// <summary>The checkpoint before the last fold.</summary>
    [Column("previous_sequence")] public long PreviousSequence { get; set; }
}

using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

[Table("unapplied_events")]
internal sealed class UnappliedEventRow
{
    [Column("event_id"), PrimaryKey] public string EventId { get; set; } = "";
    [Column("type")] public string Type { get; set; } = "";
    [Column("payload")] public string Payload { get; set; } = "";
    [Column("reason")] public string Reason { get; set; } = "";
    [Column("detail")] public string Detail { get; set; } = "";
    [Column("received_at_ms")] public long ReceivedAtMs { get; set; }
    [Column("replayed_at_ms"), Nullable] public long? ReplayedAtMs { get; set; }
    [Column("replay_outcome"), Nullable] public string? ReplayOutcome { get; set; }
}

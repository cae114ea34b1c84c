using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

[Table("stripe_events")]
internal sealed class StripeEventRow
{
    [Column("event_id"), PrimaryKey] public string EventId { get; set; } = "";
    [Column("type")] public string Type { get; set; } = "";
    [Column("created_at_ms")] public long CreatedAtMs { get; set; }
    [Column("received_at_ms")] public long ReceivedAtMs { get; set; }
    [Column("outcome")] public string Outcome { get; set; } = "";
}

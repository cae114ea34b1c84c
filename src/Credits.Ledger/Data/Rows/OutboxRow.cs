using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

[Table("outbox")]
internal sealed class OutboxRow
{
    [Column("account_id"), PrimaryKey(0)] public string AccountId { get; set; } = "";
    [Column("message_id"), PrimaryKey(1)] public string MessageId { get; set; } = "";
    [Column("topic")] public string Topic { get; set; } = "";
    [Column("payload_json")] public string PayloadJson { get; set; } = "";
    [Column("result_json")] public string ResultJson { get; set; } = "";
    [Column("created_at_ms")] public long CreatedAtMs { get; set; }
    [Column("attempts")] public int Attempts { get; set; }
    [Column("next_attempt_at_ms")] public long NextAttemptAtMs { get; set; }
    [Column("sent_at_ms"), Nullable] public long? SentAtMs { get; set; }
    [Column("last_error"), Nullable] public string? LastError { get; set; }
    [Column("dead_at_ms"), Nullable] public long? DeadAtMs { get; set; }
}

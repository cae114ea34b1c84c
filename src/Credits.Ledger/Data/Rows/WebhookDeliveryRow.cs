using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

/// <summary>One notification on its way to one webhook endpoint (see <see cref="Notifications.Webhooks.WebhookOutbox"/>).</summary>
[Table("webhook_deliveries")]
internal sealed class WebhookDeliveryRow
{
    [Column("endpoint_id"), PrimaryKey(0)] public string EndpointId { get; set; } = "";
    [Column("account_id"), PrimaryKey(1)] public string AccountId { get; set; } = "";
    [Column("sequence"), PrimaryKey(2)] public long Sequence { get; set; }
    [Column("created_at_ms")] public long CreatedAtMs { get; set; }
    [Column("attempts")] public int Attempts { get; set; }
    [Column("next_attempt_at_ms")] public long NextAttemptAtMs { get; set; }
    [Column("delivered_at_ms"), Nullable] public long? DeliveredAtMs { get; set; }
    [Column("dead_at_ms"), Nullable] public long? DeadAtMs { get; set; }
    [Column("last_error"), Nullable] public string? LastError { get; set; }
}

/// <summary>How far an endpoint's deliveries were claimed from the notifications (their <c>created_at_ms</c>).</summary>
[Table("webhook_endpoints")]
internal sealed class WebhookEndpointRow
{
    [Column("endpoint_id"), PrimaryKey] public string EndpointId { get; set; } = "";
    [Column("cursor_ms")] public long CursorMs { get; set; }
}

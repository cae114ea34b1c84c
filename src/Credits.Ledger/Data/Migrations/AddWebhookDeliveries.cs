using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Notification webhooks: one delivery row per (endpoint, notification), claimed from the
/// notifications table after they commit (so the ledger's hot path writes nothing more), each
/// endpoint remembering how far its claims have reached. The primary key is what makes a
/// notification go to an endpoint once; a dead delivery keeps its row for the operator to replay.
/// </summary>
[Migration(2026120751, "Notification webhook deliveries and endpoint cursors")]
public sealed class AddWebhookDeliveries : Migration
{
    private static readonly string[] UpStatements =
    [
        """
        CREATE TABLE webhook_endpoints (
            endpoint_id  TEXT   NOT NULL PRIMARY KEY,
            cursor_ms    BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE webhook_deliveries (
            endpoint_id         TEXT    NOT NULL,
            account_id          TEXT    NOT NULL,
            sequence            BIGINT  NOT NULL,
            created_at_ms       BIGINT  NOT NULL,
            attempts            INTEGER NOT NULL,
            next_attempt_at_ms  BIGINT  NOT NULL,
            delivered_at_ms     BIGINT  NULL,
            dead_at_ms          BIGINT  NULL,
            last_error          TEXT    NULL,
            PRIMARY KEY (endpoint_id, account_id, sequence)
        )
        """,
        // The dispatcher's claim: an endpoint's pending deliveries by when they are due.
        "CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (endpoint_id, next_attempt_at_ms) WHERE delivered_at_ms IS NULL AND dead_at_ms IS NULL",
        // The enqueuer's scan: the notifications written since an endpoint's cursor (less the look-back).
        "CREATE INDEX ix_notifications_created ON notifications (created_at_ms)",
    ];

    /// <inheritdoc />
    public override void Up()
    {
        foreach (var statement in UpStatements)
        {
            Execute.Sql(statement);
        }
    }

    /// <inheritdoc />
    public override void Down()
    {
        Delete.Index("ix_notifications_created").OnTable("notifications");
        Delete.Table("webhook_deliveries");
        Delete.Table("webhook_endpoints");
    }
}

using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>The transactional outbox: messages written with the change that causes them.</summary>
[Migration(2026112403, "Transactional outbox")]
public sealed class AddOutboxAndNotes : Migration
{
    private static readonly string[] UpStatements =
    [
        """
        CREATE TABLE outbox (
            account_id          TEXT    NOT NULL,
            message_id          TEXT    NOT NULL,
            topic               TEXT    NOT NULL,
            payload_json        TEXT    NOT NULL,
            result_json         TEXT    NOT NULL,
            created_at_ms       BIGINT  NOT NULL,
            attempts            INTEGER NOT NULL,
            next_attempt_at_ms  BIGINT  NOT NULL,
            sent_at_ms          BIGINT  NULL,
            last_error          TEXT    NULL,
            PRIMARY KEY (account_id, message_id)
        )
        """,
        "CREATE INDEX ix_outbox_due ON outbox (next_attempt_at_ms) WHERE sent_at_ms IS NULL",
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
    public override void Down() => Delete.Table("outbox");
}

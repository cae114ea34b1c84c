using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Notification emails: the address an account's user set for them (outside the columns the engine
/// reads on every batch, so the hot path loads nothing more), and the cursor of the queue that
/// copies notifications into the outbox after they commit (one row; the outbox's primary key makes
/// a notification enter it once, whatever the instances).
/// </summary>
[Migration(2026120752, "Notification email address and the notification mail cursor")]
public sealed class AddNotificationEmails : Migration
{
    private static readonly string[] UpStatements =
    [
        "ALTER TABLE accounts ADD COLUMN notification_email TEXT NULL",
        """
        CREATE TABLE notification_mail_cursor (
            name       TEXT   NOT NULL PRIMARY KEY,
            cursor_ms  BIGINT NOT NULL
        )
        """,
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
        Delete.Table("notification_mail_cursor");
        Delete.Column("notification_email").FromTable("accounts");
    }
}

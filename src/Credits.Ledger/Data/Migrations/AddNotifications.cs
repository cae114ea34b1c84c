using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Low-balance notifications: the state that decides them lives on the account row (so it is locked
/// and written with the credits, and 32 concurrent crossings fire once), the notifications in
/// their own table, numbered per account. Existing accounts start with no top-up seen, so they
/// fire nothing until their next top-up sets the reference balance.
/// </summary>
[Migration(2026120423, "Low-balance notifications and per-account preferences")]
public sealed class AddNotifications : Migration
{
    private static readonly string[] UpStatements =
    [
        "ALTER TABLE accounts ADD COLUMN top_up_balance BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE accounts ADD COLUMN low_balance_fired INTEGER NULL",
        "ALTER TABLE accounts ADD COLUMN last_notification_sequence BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE accounts ADD COLUMN notification_thresholds TEXT NULL",
        "ALTER TABLE accounts ADD COLUMN notification_channels INTEGER NOT NULL DEFAULT 3",
        """
        CREATE TABLE notifications (
            account_id         TEXT    NOT NULL,
            sequence           BIGINT  NOT NULL,
            kind               INTEGER NOT NULL,
            threshold_percent  INTEGER NOT NULL,
            balance            BIGINT  NOT NULL,
            top_up_balance     BIGINT  NOT NULL,
            journal_sequence   BIGINT  NOT NULL,
            created_at_ms      BIGINT  NOT NULL,
            read               INTEGER NOT NULL,
            PRIMARY KEY (account_id, sequence)
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
        Delete.Table("notifications");
        foreach (var column in new[] { "top_up_balance", "low_balance_fired", "last_notification_sequence", "notification_thresholds", "notification_channels" })
        {
            Delete.Column(column).FromTable("accounts");
        }
    }
}

using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Each notification keeps the channels its account chose when it fired: it is kept when any
/// channel is on (an e-mail-only user was told nothing while notifications were kept for in-app
/// only), the in-app inbox lists those with in-app, and e-mail and webhooks copy those with theirs,
/// so turning a channel on later never replays old notifications on it. Rows from before were all
/// kept for in-app; they take their account's channels as they are now.
/// </summary>
[Migration(2026120753, "Channels chosen when each notification fired")]
public sealed class AddNotificationChannels : Migration
{
    private static readonly string[] UpStatements =
    [
        "ALTER TABLE notifications ADD COLUMN channels INTEGER NOT NULL DEFAULT 0",
        "UPDATE notifications SET channels = COALESCE((SELECT a.notification_channels FROM accounts a WHERE a.account_id = notifications.account_id), 2) | 2",
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
    public override void Down() => Delete.Column("channels").FromTable("notifications");
}

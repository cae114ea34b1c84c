using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Expiry warnings: each lot remembers the nearest warning it was given (days before its expiry),
/// so each warning day fires once per lot whatever crashes or instances; the notification names
/// the lot, the credits, the date and what a rollover will keep.
/// </summary>
[Migration(2026120651, "Expiry warnings: lots remember their last warning; notifications name the lot")]
public sealed class AddExpiryWarnings : Migration
{
    private static readonly string[] UpStatements =
    [
        "ALTER TABLE lots ADD COLUMN expiry_warned_days INTEGER NULL",
        "ALTER TABLE notifications ADD COLUMN lot_id TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE notifications ADD COLUMN amount BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE notifications ADD COLUMN expires_at_ms BIGINT NULL",
        "ALTER TABLE notifications ADD COLUMN rollover_amount BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE notifications ADD COLUMN days_before INTEGER NOT NULL DEFAULT 0",
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
        foreach (var column in new[] { "lot_id", "amount", "expires_at_ms", "rollover_amount", "days_before" })
        {
            Delete.Column(column).FromTable("notifications");
        }
        Delete.Column("expiry_warned_days").FromTable("lots");
    }
}

using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Each notification keeps the pack suggested and the purchase link decided when it fired, so the
/// in-app list, the live stream, the e-mail and the webhook all say the same thing however the
/// catalogue or the account changes later. Existing notifications suggest nothing (empty strings).
/// </summary>
[Migration(2026120757, "Suggested pack and purchase link on the notification")]
public sealed class AddSuggestedPack : Migration
{
    /// <inheritdoc />
    public override void Up()
    {
        Execute.Sql("ALTER TABLE notifications ADD COLUMN suggested_pack_id TEXT NOT NULL DEFAULT ''");
        Execute.Sql("ALTER TABLE notifications ADD COLUMN purchase_url TEXT NOT NULL DEFAULT ''");
    }

    /// <inheritdoc />
    public override void Down()
    {
        Delete.Column("purchase_url").FromTable("notifications");
        Delete.Column("suggested_pack_id").FromTable("notifications");
    }
}

using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// The account's locale (a BCP 47 tag its user set with the notification preferences), the language
/// and formats of its e-mails. Beside <c>notification_email</c>, outside the columns the engine reads
/// on every batch, so the hot path loads nothing more. Null: none set (the mails fall back to English).
/// </summary>
[Migration(2026120780, "Account locale with the notification preferences")]
public sealed class AddNotificationLocale : Migration
{
    /// <inheritdoc />
    public override void Up() => Execute.Sql("ALTER TABLE accounts ADD COLUMN notification_locale TEXT NULL");

    /// <inheritdoc />
    public override void Down() => Delete.Column("notification_locale").FromTable("accounts");
}

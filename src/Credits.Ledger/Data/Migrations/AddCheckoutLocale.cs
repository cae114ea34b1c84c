using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// The locale the buyer's page passed to CreateCheckoutSession, kept with the sold checkout so that
/// the purchase's receipt is written in the language the buyer paid in (before the account's own
/// locale). Null: none was passed.
/// </summary>
[Migration(2026120801, "Checkout locale with the sold checkout")]
public sealed class AddCheckoutLocale : Migration
{
    /// <inheritdoc />
    public override void Up() => Execute.Sql("ALTER TABLE checkout_sessions ADD COLUMN locale TEXT NULL");

    /// <inheritdoc />
    public override void Down() => Delete.Column("locale").FromTable("checkout_sessions");
}

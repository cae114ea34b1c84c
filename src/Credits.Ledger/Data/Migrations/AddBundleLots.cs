using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Bundles: a sold checkout and its payment keep the further lots the pack granted (a JSON array,
/// docs/bundles.md); the default '' keeps every existing sale a one-lot pack, so nothing is back-filled.
/// </summary>
[Migration(2026120766, "Bundles: sold checkouts and payments keep the pack's further lots")]
public sealed class AddBundleLots : Migration
{
    /// <inheritdoc />
    public override void Up()
    {
        Execute.Sql("ALTER TABLE checkout_sessions ADD COLUMN lots TEXT NOT NULL DEFAULT ''");
        Execute.Sql("ALTER TABLE payments ADD COLUMN lots TEXT NOT NULL DEFAULT ''");
    }

    /// <inheritdoc />
    public override void Down()
    {
        Delete.Column("lots").FromTable("payments");
        Delete.Column("lots").FromTable("checkout_sessions");
    }
}

using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Feature-scoped credits: a lot may name the features it pays for (a JSON array of names); the
/// default '' keeps every existing lot unscoped, so nothing is back-filled.
/// </summary>
[Migration(2026120761, "Feature-scoped credits: lots name the features they pay for")]
public sealed class AddLotFeatures : Migration
{
    /// <inheritdoc />
    public override void Up() => Execute.Sql("ALTER TABLE lots ADD COLUMN features TEXT NOT NULL DEFAULT ''");

    /// <inheritdoc />
    public override void Down() => Delete.Column("features").FromTable("lots");
}

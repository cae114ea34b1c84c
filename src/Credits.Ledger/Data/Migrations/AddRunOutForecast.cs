using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// RUN_OUT_FORECAST: the burn rate lives on the account row (an exponentially weighted sum of what
/// the account spent, the instant it was last decayed, and the instant its first spend was seen),
/// so every commit keeps it up to date with the row it writes anyway, and the flag that the
/// forecast fired since the last top-up sits beside the low-balance state. Notifications keep the
/// expected run-out date. Existing accounts start with no spend seen: they fire nothing until they spend.
/// </summary>
[Migration(2026120756, "Run-out forecast: burn rate on the account row, run-out date on the notification")]
public sealed class AddRunOutForecast : Migration
{
    private static readonly string[] UpStatements =
    [
        "ALTER TABLE accounts ADD COLUMN burn_spent DOUBLE PRECISION NOT NULL DEFAULT 0",
        "ALTER TABLE accounts ADD COLUMN burn_updated_at_ms BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE accounts ADD COLUMN burn_since_ms BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE accounts ADD COLUMN run_out_fired INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE notifications ADD COLUMN run_out_at_ms BIGINT NULL",
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
        Delete.Column("run_out_at_ms").FromTable("notifications");
        foreach (var column in new[] { "burn_spent", "burn_updated_at_ms", "burn_since_ms", "run_out_fired" })
        {
            Delete.Column(column).FromTable("accounts");
        }
    }
}

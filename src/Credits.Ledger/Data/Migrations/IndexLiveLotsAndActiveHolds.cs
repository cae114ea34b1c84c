using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Every batch loads an account's live lots and active holds. Without these partial indexes that
/// read scans every lot and hold the account ever had, so a busy account's Reserve slowed down
/// with its history; with them it reads only what is live.
/// </summary>
[Migration(2026112405, "Partial indexes on live lots and active holds")]
public sealed class IndexLiveLotsAndActiveHolds : Migration
{
    /// <inheritdoc />
    public override void Up()
    {
        Execute.Sql("CREATE INDEX ix_lots_live ON lots (account_id) WHERE remaining > 0");
        Execute.Sql("CREATE INDEX ix_holds_active ON holds (account_id) WHERE state = 0");
    }

    /// <inheritdoc />
    public override void Down()
    {
        Delete.Index("ix_lots_live").OnTable("lots");
        Delete.Index("ix_holds_active").OnTable("holds");
    }
}

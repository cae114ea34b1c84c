using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// The sweeper looks for active gift codes past their expiry on every pass; this partial index
/// holds only active codes, so that probe stays small however many codes were ever redeemed.
/// </summary>
[Migration(2026120711, "Partial index on active gift codes by expiry")]
public sealed class IndexActiveGiftCodesByExpiry : Migration
{
    /// <inheritdoc />
    public override void Up() =>
        Execute.Sql("CREATE INDEX ix_gift_codes_active_expiry ON gift_codes (expires_at_ms) WHERE state = 1");

    /// <inheritdoc />
    public override void Down() => Delete.Index("ix_gift_codes_active_expiry").OnTable("gift_codes");
}

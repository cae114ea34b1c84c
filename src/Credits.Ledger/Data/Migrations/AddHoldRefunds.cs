using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// RefundCharge's state on the hold row: the credits refunded so far (decided under the account's
/// lock, so concurrent refunds never exceed what was committed) and the lots the commit drew from,
/// in the order it drew them, so a refund returns credits to those lots. Holds committed before this
/// migration keep an empty list: their refunds arrive as a refund lot.
/// </summary>
[Migration(2026120630, "Hold refunds")]
public sealed class AddHoldRefunds : Migration
{
    /// <inheritdoc />
    public override void Up()
    {
        Alter.Table("holds").AddColumn("refunded").AsInt64().NotNullable().WithDefaultValue(0);
        Alter.Table("holds").AddColumn("committed_parts_json").AsString(int.MaxValue).NotNullable().WithDefaultValue("[]");
    }

    /// <inheritdoc />
    public override void Down()
    {
        Delete.Column("refunded").FromTable("holds");
        Delete.Column("committed_parts_json").FromTable("holds");
    }
}

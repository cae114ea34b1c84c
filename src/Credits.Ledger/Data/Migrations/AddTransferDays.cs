using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Credits each sender transferred per UTC day: the counter the daily transfer limit is decided on,
/// in the transaction that moves the credits. Leads with the account, like every ledger table.
/// </summary>
[Migration(2026120450, "Daily transfer counters per sender")]
public sealed class AddTransferDays : Migration
{
    private const string CreateTable =
        """
        CREATE TABLE transfer_days (
            account_id  TEXT    NOT NULL,
            day         BIGINT  NOT NULL,
            sent        BIGINT  NOT NULL CHECK (sent >= 0),
            PRIMARY KEY (account_id, day)
        )
        """;

    /// <inheritdoc />
    public override void Up() => Execute.Sql(CreateTable);

    /// <inheritdoc />
    public override void Down() => Delete.Table("transfer_days");
}

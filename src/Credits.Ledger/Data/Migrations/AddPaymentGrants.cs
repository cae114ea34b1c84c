using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// The grant each account got for each payment (a checkout's purchase and bonus), kept for good:
/// the primary key is the guarantee that a payment is granted once however long after its
/// idempotency key expired its event comes back. Leads with the account, like every ledger table.
/// </summary>
[Migration(2026120422, "Payment grants, unique per account and payment reference")]
public sealed class AddPaymentGrants : Migration
{
    private const string CreateTable =
        """
        CREATE TABLE payment_grants (
            account_id     TEXT    NOT NULL,
            reference      TEXT    NOT NULL,
            lot_id         TEXT    NOT NULL,
            created_at_ms  BIGINT  NOT NULL,
            PRIMARY KEY (account_id, reference)
        )
        """;

    /// <inheritdoc />
    public override void Up() => Execute.Sql(CreateTable);

    /// <inheritdoc />
    public override void Down() => Delete.Table("payment_grants");
}

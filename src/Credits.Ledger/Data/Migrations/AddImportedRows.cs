using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// The rows of an older credits table each account got through <c>credits import</c>, kept for good:
/// the primary key is the guarantee that a row is imported once however often its file is imported
/// again. Leads with the account, like every ledger table.
/// </summary>
[Migration(2026120800, "Imported rows of an older credits table, unique per account and source id")]
public sealed class AddImportedRows : Migration
{
    private const string CreateTable =
        """
        CREATE TABLE imported_rows (
            account_id      TEXT    NOT NULL,
            source_id       TEXT    NOT NULL,
            fingerprint     TEXT    NOT NULL,
            lot_id          TEXT    NOT NULL,
            imported_at_ms  BIGINT  NOT NULL,
            PRIMARY KEY (account_id, source_id)
        )
        """;

    /// <inheritdoc />
    public override void Up() => Execute.Sql(CreateTable);

    /// <inheritdoc />
    public override void Down() => Delete.Table("imported_rows");
}

using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Claw-backs (refunds and lost disputes) with the credits owed when they were already spent, and
/// freezes (disputed purchases) as holds with a purpose and a reference.
/// </summary>
[Migration(2026112402, "Claw-backs, owed credits and freezes")]
public sealed class AddClawbacksAndFreezes : Migration
{
    private static readonly string[] UpStatements =
    [
        "ALTER TABLE accounts ADD COLUMN owed BIGINT NOT NULL DEFAULT 0 CHECK (owed >= 0)",
        "ALTER TABLE journal ADD COLUMN owed_after BIGINT NOT NULL DEFAULT 0 CHECK (owed_after >= 0)",
        "ALTER TABLE holds ADD COLUMN purpose INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE holds ADD COLUMN reference TEXT NOT NULL DEFAULT ''",
        """
        CREATE TABLE clawbacks (
            account_id        TEXT    NOT NULL,
            reference         TEXT    NOT NULL,
            amount            BIGINT  NOT NULL CHECK (amount > 0),
            taken_parts_json  TEXT    NOT NULL,
            owed_initial      BIGINT  NOT NULL CHECK (owed_initial >= 0),
            owed_outstanding  BIGINT  NOT NULL CHECK (owed_outstanding >= 0 AND owed_outstanding <= owed_initial),
            reversed          INTEGER NOT NULL,
            created_at_ms     BIGINT  NOT NULL,
            PRIMARY KEY (account_id, reference)
        )
        """,
        "CREATE INDEX ix_clawbacks_owed ON clawbacks (account_id) WHERE owed_outstanding > 0",
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
        Delete.Table("clawbacks");
        Delete.Column("owed").FromTable("accounts");
        Delete.Column("owed_after").FromTable("journal");
        Delete.Column("purpose").FromTable("holds");
        Delete.Column("reference").FromTable("holds");
    }
}

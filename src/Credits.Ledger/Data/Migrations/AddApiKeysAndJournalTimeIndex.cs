using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// API keys minted at run time (AdminService.MintApiKey), next to the ones configured in
/// Auth:ApiKeys; only each key's SHA-256 is stored. The table is small, read whole into memory by
/// every instance and written only by operators, so unlike the ledger's tables it is not keyed by
/// account. The journal index serves exports of a time range across accounts, which would
/// otherwise scan the whole journal once per page.
/// </summary>
[Migration(2026112407, "Runtime API keys; journal by time for exports")]
public sealed class AddApiKeysAndJournalTimeIndex : Migration
{
    private static readonly string[] UpStatements =
    [
        """
        CREATE TABLE api_keys (
            key_id         TEXT    NOT NULL PRIMARY KEY,
            name           TEXT    NOT NULL,
            sha256         TEXT    NOT NULL,
            scopes         TEXT    NOT NULL,
            created_at_ms  BIGINT  NOT NULL,
            created_by     TEXT    NOT NULL,
            revoked_at_ms  BIGINT  NULL,
            revoked_by     TEXT    NULL
        )
        """,
        "CREATE UNIQUE INDEX ux_api_keys_sha256 ON api_keys (sha256)",
        "CREATE INDEX ix_journal_created ON journal (created_at_ms, account_id, sequence)",
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
        Delete.Index("ix_journal_created").OnTable("journal");
        Delete.Table("api_keys");
    }
}

using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Gift codes and their escrow. The primary key is the SHA-256 of the code: a copy of the
/// database (a backup, a read replica, a support query) cannot redeem anything. <c>escrow</c>
/// holds the issuer lots' parts with their expiries as JSON; <c>state</c> is
/// <c>GiftCodeState</c>. Codes are listed per issuer, newest first. <c>gift_code_attempts</c> counts failed redemptions per
/// account and UTC minute (old minutes are inert: only the current one is read).
/// </summary>
[Migration(2026120610, "Gift codes with their escrowed credits")]
public sealed class AddGiftCodes : Migration
{
    private const string CreateTable =
        """
        CREATE TABLE gift_codes (
            code_hash          TEXT    NOT NULL PRIMARY KEY,
            code_id            TEXT    NOT NULL UNIQUE,
            issuer_account_id  TEXT    NOT NULL,
            display_suffix     TEXT    NOT NULL,
            amount             BIGINT  NOT NULL CHECK (amount > 0),
            expires_at_ms      BIGINT  NOT NULL,
            created_at_ms      BIGINT  NOT NULL,
            escrow             TEXT    NOT NULL,
            state              INTEGER NOT NULL,
            ended_by           TEXT    NOT NULL DEFAULT '',
            ended_at_ms        BIGINT
        )
        """;

    private const string CreateAttempts =
        """
        CREATE TABLE gift_code_attempts (
            account_id  TEXT     NOT NULL,
            minute      BIGINT   NOT NULL,
            failed      INTEGER  NOT NULL CHECK (failed >= 0),
            PRIMARY KEY (account_id, minute)
        )
        """;

    private const string IndexByIssuer =
        "CREATE INDEX gift_codes_by_issuer ON gift_codes (issuer_account_id, created_at_ms, code_id)";

    /// <inheritdoc />
    public override void Up()
    {
        Execute.Sql(CreateTable);
        Execute.Sql(IndexByIssuer);
        Execute.Sql(CreateAttempts);
    }

    /// <inheritdoc />
    public override void Down()
    {
        Delete.Table("gift_code_attempts");
        Delete.Table("gift_codes");
    }
}

using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// What each checkout session was sold for, recorded when CreateCheckoutSession creates it: the
/// webhook grants a completed session only if it was sold here and was paid what it was sold for,
/// and then grants the pack as it was sold (the catalogue may have changed since). Keyed by the
/// session id, which is all a completed session's event names for certain.
/// </summary>
[Migration(2026120421, "Checkout sessions as sold")]
public sealed class AddCheckoutSessions : Migration
{
    private const string CreateTable =
        """
        CREATE TABLE checkout_sessions (
            session_id       TEXT    NOT NULL PRIMARY KEY,
            account_id       TEXT    NOT NULL,
            pack_id          TEXT    NOT NULL,
            pack_name        TEXT    NOT NULL,
            credits          BIGINT  NOT NULL CHECK (credits > 0),
            bonus_credits    BIGINT  NOT NULL CHECK (bonus_credits >= 0),
            validity_months  INTEGER NULL,
            amount_total     BIGINT  NULL CHECK (amount_total >= 0),
            currency         TEXT    NULL,
            created_at_ms    BIGINT  NOT NULL
        )
        """;

    /// <inheritdoc />
    public override void Up() => Execute.Sql(CreateTable);

    /// <inheritdoc />
    public override void Down() => Delete.Table("checkout_sessions");
}

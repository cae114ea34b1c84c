using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// What the ledger knows about card payments (purchases, their refunds and disputes), keyed by the
/// payment (a Stripe payment intent), and the webhook events already applied. These tables lead
/// with the payment id rather than the account: refund and dispute events name only the payment,
/// and the account is learned from the checkout, which may arrive later.
/// </summary>
[Migration(2026112404, "Payments, refunds, disputes and applied webhook events")]
public sealed class AddPayments : Migration
{
    private static readonly string[] UpStatements =
    [
        """
        CREATE TABLE payments (
            payment_id       TEXT    NOT NULL PRIMARY KEY,
            account_id       TEXT    NOT NULL,
            session_id       TEXT    NOT NULL,
            pack_id          TEXT    NOT NULL,
            pack_name        TEXT    NULL,
            credits          BIGINT  NOT NULL CHECK (credits >= 0),
            bonus_credits    BIGINT  NOT NULL CHECK (bonus_credits >= 0),
            validity_months  INTEGER NULL,
            amount_total     BIGINT  NOT NULL CHECK (amount_total >= 0),
            currency         TEXT    NULL,
            email            TEXT    NULL,
            status           INTEGER NOT NULL,
            paid_at_ms       BIGINT  NULL,
            expires_at_ms    BIGINT  NULL,
            purchase_lot_id  TEXT    NULL,
            bonus_lot_id     TEXT    NULL,
            noted_reason     TEXT    NULL,
            created_at_ms    BIGINT  NOT NULL,
            updated_at_ms    BIGINT  NOT NULL
        )
        """,
        """
        CREATE TABLE payment_refunds (
            payment_id     TEXT    NOT NULL,
            refund_id      TEXT    NOT NULL,
            amount         BIGINT  NOT NULL CHECK (amount >= 0),
            status         INTEGER NOT NULL,
            state          INTEGER NOT NULL,
            claw_credits   BIGINT  NOT NULL CHECK (claw_credits >= 0),
            claw_bonus     BIGINT  NOT NULL CHECK (claw_bonus >= 0),
            created_at_ms  BIGINT  NOT NULL,
            updated_at_ms  BIGINT  NOT NULL,
            PRIMARY KEY (payment_id, refund_id)
        )
        """,
        """
        CREATE TABLE payment_disputes (
            payment_id     TEXT    NOT NULL,
            dispute_id     TEXT    NOT NULL,
            amount         BIGINT  NOT NULL CHECK (amount >= 0),
            status         INTEGER NOT NULL,
            state          INTEGER NOT NULL,
            claw_credits   BIGINT  NOT NULL CHECK (claw_credits >= 0),
            claw_bonus     BIGINT  NOT NULL CHECK (claw_bonus >= 0),
            created_at_ms  BIGINT  NOT NULL,
            updated_at_ms  BIGINT  NOT NULL,
            PRIMARY KEY (payment_id, dispute_id)
        )
        """,
        """
        CREATE TABLE stripe_events (
            event_id        TEXT    NOT NULL PRIMARY KEY,
            type            TEXT    NOT NULL,
            created_at_ms   BIGINT  NOT NULL,
            received_at_ms  BIGINT  NOT NULL,
            outcome         TEXT    NOT NULL
        )
        """,
        "CREATE INDEX ix_payments_account ON payments (account_id)",
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
        Delete.Table("stripe_events");
        Delete.Table("payment_disputes");
        Delete.Table("payment_refunds");
        Delete.Table("payments");
    }
}

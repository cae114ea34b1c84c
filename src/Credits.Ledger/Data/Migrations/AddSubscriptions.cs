using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Subscriptions: a lot may carry rollover terms (set at grant time from the tier, so the one
/// expiry path can roll it over without knowing about subscriptions); the subscriptions themselves
/// (Stripe or manual); the grants each made, keyed so an invoice or a period grants once; and the
/// webhook events that could not be applied, kept for replay.
/// </summary>
[Migration(2026112406, "Rollover terms on lots, subscriptions, their grants, unapplied events")]
public sealed class AddSubscriptions : Migration
{
    private static readonly string[] UpStatements =
    [
        "ALTER TABLE lots ADD COLUMN rollover_cap BIGINT NOT NULL DEFAULT 0 CHECK (rollover_cap >= 0)",
        "ALTER TABLE lots ADD COLUMN rollover_expires_at_ms BIGINT NULL",
        """
        CREATE TABLE subscriptions (
            account_id              TEXT    NOT NULL,
            subscription_id         TEXT    NOT NULL,
            source                  INTEGER NOT NULL,
            tier_id                 TEXT    NOT NULL,
            status                  INTEGER NOT NULL,
            period_start_ms         BIGINT  NOT NULL,
            period_end_ms           BIGINT  NOT NULL,
            cancel_at_period_end    INTEGER NOT NULL,
            pending_tier_id         TEXT    NULL,
            email                   TEXT    NULL,
            created_at_ms           BIGINT  NOT NULL,
            updated_at_ms           BIGINT  NOT NULL,
            PRIMARY KEY (account_id, subscription_id)
        )
        """,
        "CREATE UNIQUE INDEX ux_subscriptions_id ON subscriptions (subscription_id)",
        "CREATE INDEX ix_subscriptions_due ON subscriptions (period_end_ms) WHERE status = 1",
        """
        CREATE TABLE subscription_grants (
            account_id       TEXT    NOT NULL,
            grant_key        TEXT    NOT NULL,
            subscription_id  TEXT    NOT NULL,
            kind             INTEGER NOT NULL,
            tier_id          TEXT    NOT NULL,
            amount           BIGINT  NOT NULL CHECK (amount >= 0),
            lot_id           TEXT    NULL,
            period_start_ms  BIGINT  NOT NULL,
            period_end_ms    BIGINT  NOT NULL,
            created_at_ms    BIGINT  NOT NULL,
            PRIMARY KEY (account_id, grant_key)
        )
        """,
        """
        CREATE TABLE unapplied_events (
            event_id         TEXT    NOT NULL PRIMARY KEY,
            type             TEXT    NOT NULL,
            payload          TEXT    NOT NULL,
            reason           TEXT    NOT NULL,
            detail           TEXT    NOT NULL,
            received_at_ms   BIGINT  NOT NULL,
            replayed_at_ms   BIGINT  NULL,
            replay_outcome   TEXT    NULL
        )
        """,
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
        Delete.Table("unapplied_events");
        Delete.Table("subscription_grants");
        Delete.Table("subscriptions");
        Delete.Column("rollover_expires_at_ms").FromTable("lots");
        Delete.Column("rollover_cap").FromTable("lots");
    }
}

using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// The first schema. Written as SQL that PostgreSQL and SQLite both accept, so that CHECK
/// constraints guard the invariants on both (FluentMigrator's fluent API cannot declare them for
/// SQLite). Every table leads with account_id so the data can be sharded by account. Times are UTC
/// milliseconds since the epoch in BIGINT columns: identical on both providers and cheap to compare.
/// </summary>
[Migration(2026112401, "Accounts, lots, holds, journal and idempotency keys")]
public sealed class CreateLedgerTables : Migration
{
    private static readonly string[] UpStatements =
    [
        """
        CREATE TABLE accounts (
            account_id     TEXT    NOT NULL PRIMARY KEY,
            available      BIGINT  NOT NULL CHECK (available >= 0),
            held           BIGINT  NOT NULL CHECK (held >= 0),
            last_sequence  BIGINT  NOT NULL CHECK (last_sequence >= 0),
            lead_state     INTEGER NOT NULL,
            claimed_by     TEXT    NULL,
            created_at_ms  BIGINT  NOT NULL,
            updated_at_ms  BIGINT  NOT NULL
        )
        """,
        """
        CREATE TABLE lots (
            account_id     TEXT    NOT NULL,
            lot_id         TEXT    NOT NULL,
            bucket         INTEGER NOT NULL,
            priority       INTEGER NOT NULL,
            amount         BIGINT  NOT NULL CHECK (amount > 0),
            remaining      BIGINT  NOT NULL CHECK (remaining >= 0 AND remaining <= amount),
            held           BIGINT  NOT NULL CHECK (held >= 0 AND held <= remaining),
            expires_at_ms  BIGINT  NULL,
            reference      TEXT    NOT NULL,
            created_at_ms  BIGINT  NOT NULL,
            PRIMARY KEY (account_id, lot_id)
        )
        """,
        "CREATE INDEX ix_lots_due ON lots (expires_at_ms) WHERE remaining > held",
        """
        CREATE TABLE holds (
            account_id     TEXT    NOT NULL,
            hold_id        TEXT    NOT NULL,
            amount         BIGINT  NOT NULL CHECK (amount > 0),
            state          INTEGER NOT NULL,
            committed      BIGINT  NOT NULL CHECK (committed >= 0),
            released       BIGINT  NOT NULL CHECK (released >= 0),
            parts_json     TEXT    NOT NULL,
            feature        TEXT    NOT NULL,
            expires_at_ms  BIGINT  NOT NULL,
            created_at_ms  BIGINT  NOT NULL,
            ended_at_ms    BIGINT  NULL,
            PRIMARY KEY (account_id, hold_id),
            CHECK (committed + released <= amount)
        )
        """,
        "CREATE UNIQUE INDEX ux_holds_hold_id ON holds (hold_id)",
        "CREATE INDEX ix_holds_due ON holds (expires_at_ms) WHERE state = 0",
        """
        CREATE TABLE journal (
            account_id       TEXT    NOT NULL,
            sequence         BIGINT  NOT NULL CHECK (sequence > 0),
            kind             INTEGER NOT NULL,
            amount           BIGINT  NOT NULL,
            available_after  BIGINT  NOT NULL CHECK (available_after >= 0),
            held_after       BIGINT  NOT NULL CHECK (held_after >= 0),
            lot_id           TEXT    NOT NULL,
            hold_id          TEXT    NOT NULL,
            parts_json       TEXT    NOT NULL,
            feature          TEXT    NOT NULL,
            actor            TEXT    NOT NULL,
            idempotency_key  TEXT    NOT NULL,
            metadata_json    TEXT    NOT NULL,
            bucket           INTEGER NULL,
            reference        TEXT    NOT NULL,
            created_at_ms    BIGINT  NOT NULL,
            PRIMARY KEY (account_id, sequence)
        )
        """,
        """
        CREATE TABLE idempotency_keys (
            account_id       TEXT   NOT NULL,
            caller           TEXT   NOT NULL,
            idempotency_key  TEXT   NOT NULL,
            fingerprint      TEXT   NOT NULL,
            response_json    TEXT   NOT NULL,
            created_at_ms    BIGINT NOT NULL,
            expires_at_ms    BIGINT NOT NULL,
            PRIMARY KEY (account_id, caller, idempotency_key)
        )
        """,
        "CREATE INDEX ix_idempotency_keys_expiry ON idempotency_keys (expires_at_ms)",
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
        foreach (var table in new[] { "idempotency_keys", "journal", "holds", "lots", "accounts" })
        {
            Delete.Table(table);
        }
    }
}

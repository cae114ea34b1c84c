using Npgsql;

namespace Credits.Bench.Baselines;

/// <summary>
/// The raw-SQL baseline's own tables, beside the ledger's in the same PostgreSQL database: the same
/// column types, keys, checks and indexes as the ledger's accounts, holds, journal and
/// idempotency_keys (migration CreateLedgerTables), prefixed <c>bench_</c>. Lots are left out: the
/// hand-written Reserve and Commit do not touch them. Seeded from the ledger's own accounts, so both
/// start from the same balances.
/// </summary>
internal static class RawSqlSchema
{
    private static readonly string[] Statements =
    [
        """
        CREATE TABLE bench_accounts (
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
        CREATE TABLE bench_holds (
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
        "CREATE UNIQUE INDEX ux_bench_holds_hold_id ON bench_holds (hold_id)",
        "CREATE INDEX ix_bench_holds_due ON bench_holds (expires_at_ms) WHERE state = 0",
        """
        CREATE TABLE bench_journal (
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
        CREATE TABLE bench_idempotency_keys (
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
        "CREATE INDEX ix_bench_idempotency_keys_expiry ON bench_idempotency_keys (expires_at_ms)",
        """
        INSERT INTO bench_accounts (account_id, available, held, last_sequence, lead_state, claimed_by, created_at_ms, updated_at_ms)
        SELECT account_id, available, held, last_sequence, lead_state, claimed_by, created_at_ms, updated_at_ms FROM accounts
        """,
        "ANALYZE",
    ];

    /// <summary>Creates and seeds the tables in the (already seeded) ledger database at <paramref name="connectionString"/>.</summary>
    public static async Task CreateAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var statement in Statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

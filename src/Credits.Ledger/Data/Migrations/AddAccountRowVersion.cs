using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// A version on every account row, moved by a trigger on every update whoever makes it, and a
/// guard function: a batch decided on a copy of an account this process kept
/// (<see cref="Batches.WarmAccountCache"/>) locks the account and proves in the same round trip that
/// the row is still at the version it copied and that none of the batch's idempotency keys is
/// claimed, or fails with SQLSTATE CR001 before anything is written. PostgreSQL only: SQLite commits in process, so it has no round trip to save.
/// </summary>
[Migration(2026120790, "Accounts: a row version moved by every update, and the guard of one-round-trip batches")]
public sealed class AddAccountRowVersion : Migration
{
    /// <summary>The error the guard raises when a kept copy is stale; the engine then loads the account.</summary>
    public const string StaleCopyState = "CR001";

    // FluentMigrator names its PostgreSQL processors "PostgreSQL" (aliases by version); "Postgres" matched none.
    private const string PostgreSql = "PostgreSQL";

    /// <inheritdoc />
    public override void Up()
    {
        Execute.Sql("ALTER TABLE accounts ADD COLUMN row_version BIGINT NOT NULL DEFAULT 0");
        IfDatabase(PostgreSql).Execute.Sql("""
            CREATE FUNCTION credits_next_row_version() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.row_version := OLD.row_version + 1;
                RETURN NEW;
            END $$;
            CREATE TRIGGER accounts_row_version BEFORE UPDATE ON accounts
                FOR EACH ROW EXECUTE FUNCTION credits_next_row_version();
            """);
        // Locks the accounts in the order every batch's load locks them (ORDER BY id, one probe
        // each), so a guarded batch and a loading one never deadlock.
        IfDatabase(PostgreSql).Execute.Sql($"""
            CREATE FUNCTION credits_expect_row_versions(ids text[], versions bigint[], key_accounts text[], key_callers text[], key_values text[])
            RETURNS integer LANGUAGE plpgsql AS $$
            DECLARE
                current_rows integer;
            BEGIN
                SELECT count(*) FILTER (WHERE locked.row_version = expected.version) INTO current_rows
                FROM (SELECT id, version FROM unnest(ids, versions) AS e(id, version) ORDER BY id OFFSET 0) AS expected
                CROSS JOIN LATERAL (SELECT row_version FROM accounts WHERE account_id = expected.id OFFSET 0 FOR UPDATE) AS locked;
                IF current_rows <> cardinality(ids) THEN
                    RAISE EXCEPTION 'a kept copy of an account is stale' USING ERRCODE = '{StaleCopyState}';
                END IF;
                -- The batch decided its keys as unclaimed: a claimed one must answer with its stored response.
                IF EXISTS (SELECT 1 FROM unnest(key_accounts, key_callers, key_values) AS k(account_id, caller, idempotency_key)
                           WHERE EXISTS (SELECT 1 FROM idempotency_keys AS i WHERE i.account_id = k.account_id AND i.caller = k.caller
                                         AND i.idempotency_key = k.idempotency_key)) THEN
                    RAISE EXCEPTION 'an idempotency key of the batch is already claimed' USING ERRCODE = '{StaleCopyState}';
                END IF;
                RETURN current_rows;
            END $$;
            """);
    }

    /// <inheritdoc />
    public override void Down()
    {
        IfDatabase(PostgreSql).Execute.Sql("""
            DROP FUNCTION credits_expect_row_versions(text[], bigint[], text[], text[], text[]);
            DROP TRIGGER accounts_row_version ON accounts;
            DROP FUNCTION credits_next_row_version();
            """);
        Delete.Column("row_version").FromTable("accounts");
    }
}

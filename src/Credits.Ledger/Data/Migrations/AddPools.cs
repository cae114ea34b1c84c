using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Enterprise pools: a pool is an <c>org:</c> account; its members (with a limit per period and a
/// role), each member's usage per period, and which member each pool hold was taken for. All three
/// are read and written in the batch that locks the pool's account (docs/pools.md).
/// </summary>
[Migration(2026120620, "Pool members, member usage per period, pool holds")]
public sealed class AddPools : Migration
{
    // limit_credits NULL: no limit. period: 0 none, 1 day, 2 week, 3 month (UTC). role: 0 member, 1 admin.
    private const string CreateMembers =
        """
        CREATE TABLE pool_members (
            pool_id        TEXT    NOT NULL,
            member_id      TEXT    NOT NULL,
            limit_credits  BIGINT  NULL CHECK (limit_credits IS NULL OR limit_credits >= 0),
            period         INTEGER NOT NULL,
            role           INTEGER NOT NULL,
            added_at_ms    BIGINT  NOT NULL,
            removed_at_ms  BIGINT  NULL,
            PRIMARY KEY (pool_id, member_id)
        )
        """;

    // period_start: the UTC start of the period in ms since the epoch; 0 for a member without a period.
    private const string CreateUsage =
        """
        CREATE TABLE pool_usage (
            pool_id       TEXT    NOT NULL,
            member_id     TEXT    NOT NULL,
            period_start  BIGINT  NOT NULL,
            held          BIGINT  NOT NULL CHECK (held >= 0),
            committed     BIGINT  NOT NULL CHECK (committed >= 0),
            PRIMARY KEY (pool_id, member_id, period_start)
        )
        """;

    // active: 1 while the hold is active. The partial index keeps a pool's load to its live pool holds.
    private const string CreateHolds =
        """
        CREATE TABLE pool_holds (
            hold_id       TEXT    NOT NULL PRIMARY KEY,
            pool_id       TEXT    NOT NULL,
            member_id     TEXT    NOT NULL,
            period_start  BIGINT  NOT NULL,
            active        INTEGER NOT NULL
        )
        """;

    /// <inheritdoc />
    public override void Up()
    {
        Execute.Sql(CreateMembers);
        Execute.Sql(CreateUsage);
        Execute.Sql(CreateHolds);
        Execute.Sql("CREATE INDEX pool_holds_active ON pool_holds (pool_id) WHERE active = 1");
    }

    /// <inheritdoc />
    public override void Down()
    {
        Delete.Table("pool_holds");
        Delete.Table("pool_usage");
        Delete.Table("pool_members");
    }
}

using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// A pool's fallback policy (docs/pools.md): whether a member's reserve the pool cannot cover is
/// taken from the member's own account instead. No row: the default, no fallback.
/// </summary>
[Migration(2026120731, "Pool fallback policies")]
public sealed class AddPoolPolicies : Migration
{
    // fallback: 0 none, 1 member_account.
    private const string CreateTable =
        """
        CREATE TABLE pool_policies (
            pool_id        TEXT    NOT NULL PRIMARY KEY,
            fallback       INTEGER NOT NULL CHECK (fallback IN (0, 1)),
            updated_at_ms  BIGINT  NOT NULL
        )
        """;

    /// <inheritdoc />
    public override void Up() => Execute.Sql(CreateTable);

    /// <inheritdoc />
    public override void Down() => Delete.Table("pool_policies");
}

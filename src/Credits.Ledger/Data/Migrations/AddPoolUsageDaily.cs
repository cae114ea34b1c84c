using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Credits spent per pool, UTC day, member and feature: the pool's own aggregates
/// (<c>usage_daily</c>) split by the member each hold was reserved for, folded by the usage
/// projector in the same transaction. Back-filled here from the journal up to each pool's usage
/// checkpoint, by the aggregates' rule (a COMMIT spends minus its amount, a REFUND gives back on its
/// commit's day).
/// </summary>
[Migration(2026120702, "Usage per pool member, feature and day")]
public sealed class AddPoolUsageDaily : Migration
{
    /// <summary>The journal's COMMIT and REFUND kinds, fixed here as the migration was written.</summary>
    private const int CommitKind = 3;
    private const int RefundKind = 30;

    private const string Folded =
        "FROM journal j JOIN pool_holds ph ON ph.hold_id = j.hold_id AND ph.pool_id = j.account_id " +
        "JOIN usage_checkpoints c ON c.account_id = j.account_id AND j.sequence <= c.sequence ";

    /// <inheritdoc />
    public override void Up()
    {
        Execute.Sql(
            """
            CREATE TABLE pool_usage_daily (
                pool_id     TEXT    NOT NULL,
                day         BIGINT  NOT NULL,
                member_id   TEXT    NOT NULL,
                feature     TEXT    NOT NULL,
                credits     BIGINT  NOT NULL,
                operations  BIGINT  NOT NULL,
                PRIMARY KEY (pool_id, day, member_id, feature)
            )
            """);
        Execute.Sql(
            $"""
            INSERT INTO pool_usage_daily (pool_id, day, member_id, feature, credits, operations)
            SELECT j.account_id, j.created_at_ms / 86400000, ph.member_id, j.feature, -SUM(j.amount), COUNT(*) {Folded}
            WHERE j.kind = {CommitKind}
            GROUP BY j.account_id, j.created_at_ms / 86400000, ph.member_id, j.feature
            """);
        Execute.Sql(
            $"""
            INSERT INTO pool_usage_daily (pool_id, day, member_id, feature, credits, operations)
            SELECT j.account_id, h.ended_at_ms / 86400000, ph.member_id, j.feature, -SUM(j.amount), 0 {Folded}
            JOIN holds h ON h.account_id = j.account_id AND h.hold_id = j.hold_id
            WHERE j.kind = {RefundKind}
            GROUP BY j.account_id, h.ended_at_ms / 86400000, ph.member_id, j.feature
            ON CONFLICT (pool_id, day, member_id, feature) DO UPDATE SET credits = pool_usage_daily.credits + excluded.credits
            """);
    }

    /// <inheritdoc />
    public override void Down() => Delete.Table("pool_usage_daily");
}

using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Credits spent per account, feature and UTC day, kept first in the transaction that wrote the
/// journal and since <see cref="AddUsageCheckpoints"/> by the usage projector, so usage reports read a few hundred rows
/// instead of scanning the journal. Back-filled here from the journal written before it existed,
/// by the same rule: every COMMIT entry is one operation that spent minus its amount.
/// </summary>
[Migration(2026120430, "Usage per account, feature and day")]
public sealed class AddUsageDaily : Migration
{
    /// <summary>The journal's COMMIT kind (<see cref="Journal.EntryKind.Commit"/>), fixed here as the migration was written.</summary>
    private const int CommitKind = 3;

    private const string CreateTable =
        """
        CREATE TABLE usage_daily (
            account_id  TEXT    NOT NULL,
            day         BIGINT  NOT NULL,
            feature     TEXT    NOT NULL,
            credits     BIGINT  NOT NULL,
            operations  BIGINT  NOT NULL,
            PRIMARY KEY (account_id, day, feature)
        )
        """;

    internal static readonly string BackFill =
        $"""
        INSERT INTO usage_daily (account_id, day, feature, credits, operations)
        SELECT account_id, created_at_ms / 86400000, feature, -SUM(amount), COUNT(*)
        FROM journal WHERE kind = {CommitKind}
        GROUP BY account_id, created_at_ms / 86400000, feature
        """;

    /// <inheritdoc />
    public override void Up()
    {
        Execute.Sql(CreateTable);
        Execute.Sql(BackFill);
    }

    /// <inheritdoc />
    public override void Down() => Delete.Table("usage_daily");
}

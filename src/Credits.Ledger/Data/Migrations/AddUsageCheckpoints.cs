using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Moves the usage aggregates off the batch's transaction to the usage projector
/// (<see cref="Analytics.Projection.UsageProjector"/>). The batch now only notes on the account row
/// the sequence of its last entry the aggregates count (<c>last_usage_sequence</c>: a column of a
/// row it writes anyway); the projector folds those entries into <c>usage_daily</c> and, in the
/// same transaction, moves the account's checkpoint in <c>usage_checkpoints</c> (the last entry
/// folded, and the one before, which is how a fold proves it follows the previous one). Until this
/// migration the aggregates were written with the journal, so every account starts caught up.
/// </summary>
[Migration(2026120701, "Usage checkpoints for the usage projector")]
public sealed class AddUsageCheckpoints : Migration
{
    /// <summary>The journal's COMMIT and REFUND kinds, fixed here as the migration was written.</summary>
    private const string CountedKinds = "3, 30";

    /// <inheritdoc />
    public override void Up()
    {
        Execute.Sql("ALTER TABLE accounts ADD COLUMN last_usage_sequence BIGINT NOT NULL DEFAULT 0");
        Execute.Sql(
            $"""
            UPDATE accounts SET last_usage_sequence = COALESCE((SELECT MAX(journal.sequence) FROM journal
                WHERE journal.account_id = accounts.account_id AND journal.kind IN ({CountedKinds})), 0)
            """);
        Execute.Sql(
            """
            CREATE TABLE usage_checkpoints (
                account_id         TEXT    NOT NULL PRIMARY KEY,
                sequence           BIGINT  NOT NULL,
                previous_sequence  BIGINT  NOT NULL
            )
            """);
        Execute.Sql(
            """
            INSERT INTO usage_checkpoints (account_id, sequence, previous_sequence)
            SELECT account_id, last_usage_sequence, 0 FROM accounts WHERE last_usage_sequence > 0
            """);
    }

    /// <inheritdoc />
    public override void Down()
    {
        Delete.Table("usage_checkpoints");
        Delete.Column("last_usage_sequence").FromTable("accounts");
    }
}

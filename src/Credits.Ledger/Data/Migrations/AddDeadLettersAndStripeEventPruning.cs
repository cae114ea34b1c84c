using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Two operational limits. An outbox message that failed its last allowed attempt is marked dead
/// (<c>dead_at_ms</c>): never claimed again, kept for an operator. The due index leaves dead rows
/// out, as it leaves sent ones, so they never slow the sender's poll. Stripe event ids are pruned
/// once past their retention; the index on <c>received_at_ms</c> lets each pruning chunk find the
/// oldest rows without scanning the table.
/// </summary>
[Migration(2026112408, "Dead outbox messages; stripe_events by time for pruning")]
public sealed class AddDeadLettersAndStripeEventPruning : Migration
{
    private static readonly string[] UpStatements =
    [
        "ALTER TABLE outbox ADD COLUMN dead_at_ms BIGINT NULL",
        "DROP INDEX ix_outbox_due",
        "CREATE INDEX ix_outbox_due ON outbox (next_attempt_at_ms) WHERE sent_at_ms IS NULL AND dead_at_ms IS NULL",
        "CREATE INDEX ix_stripe_events_received ON stripe_events (received_at_ms)",
    ];

    private static readonly string[] DownStatements =
    [
        "DROP INDEX ix_stripe_events_received",
        "DROP INDEX ix_outbox_due",
        "CREATE INDEX ix_outbox_due ON outbox (next_attempt_at_ms) WHERE sent_at_ms IS NULL",
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
        foreach (var statement in DownStatements)
        {
            Execute.Sql(statement);
        }
        Delete.Column("dead_at_ms").FromTable("outbox");
    }
}

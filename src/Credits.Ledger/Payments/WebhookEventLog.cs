using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Payments;

/// <summary>
/// The webhook events already applied (table <c>stripe_events</c>): a redelivered event is answered
/// at once without touching the ledger. This is a shortcut, not the guarantee: events are recorded
/// after they are applied, and applying one twice changes nothing (see <see cref="PaymentProcessor"/>).
/// Ids are kept for a retention far longer than Stripe retries a delivery, then pruned
/// (<see cref="PruneAsync"/>).
/// </summary>
public sealed class WebhookEventLog(LedgerDatabase database, LedgerOptions options, TimeProvider time, ILogger<WebhookEventLog> logger)
{
    /// <summary>The outcome recorded for <paramref name="eventId"/>, or null if it was never applied.</summary>
    public Task<string?> FindOutcomeAsync(string eventId, CancellationToken cancellationToken = default) =>
        TransientRetry.RunAsync(async token =>
        {
            await using var db = database.Open();
            return await db.GetTable<StripeEventRow>().Where(row => row.EventId == eventId).Select(row => row.Outcome)
                .FirstOrDefaultAsync(token);
        }, options.TransientRetriesMax, logger, "a webhook event lookup", cancellationToken);

    /// <summary>Records an applied event; the first record of an event id stands.</summary>
    public Task RecordAsync(string eventId, string type, DateTimeOffset createdAt, string outcome, CancellationToken cancellationToken = default) =>
        TransientRetry.RunAsync(async token =>
        {
            await using var db = database.Open();
            // Two deliveries of one event may finish together; the second insert is a no-op.
            return await db.ExecuteAsync(
                "INSERT INTO stripe_events (event_id, type, created_at_ms, received_at_ms, outcome) " +
                "VALUES (@eventId, @type, @createdAtMs, @receivedAtMs, @outcome) ON CONFLICT (event_id) DO NOTHING",
                token,
                new DataParameter("eventId", eventId, DataType.NVarChar),
                new DataParameter("type", type, DataType.NVarChar),
                new DataParameter("createdAtMs", Clock.ToMs(createdAt), DataType.Int64),
                new DataParameter("receivedAtMs", Clock.ToMs(Clock.Now(time)), DataType.Int64),
                new DataParameter("outcome", outcome, DataType.NVarChar));
        }, options.TransientRetriesMax, logger, "a webhook event record", cancellationToken);

    /// <summary>Rows deleted by one statement of <see cref="PruneAsync"/>: each is its own short transaction.</summary>
    public const int PruneChunkRows = 1000;

    /// <summary>
    /// Forgets the events received before <paramref name="cutoff"/>, oldest first, in chunks of
    /// <see cref="PruneChunkRows"/> rows, each deleted by one statement in its own transaction (so a
    /// large backlog never holds a long transaction or many locks), until none is left; returns how
    /// many were deleted. Several instances may prune at once: a row deleted by one is not counted by another.
    /// </summary>
    public async Task<long> PruneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var cutoffMs = Clock.ToMs(cutoff);
        long total = 0;
        while (true)
        {
            var deleted = await TransientRetry.RunAsync(async token =>
            {
                await using var db = database.Open();
                // The subquery walks ix_stripe_events_received from the oldest row; LIMIT bounds the chunk.
                return await db.ExecuteAsync(
                    "DELETE FROM stripe_events WHERE event_id IN " +
                    "(SELECT event_id FROM stripe_events WHERE received_at_ms < @cutoffMs ORDER BY received_at_ms LIMIT @limit)",
                    token,
                    new DataParameter("cutoffMs", cutoffMs, DataType.Int64),
                    new DataParameter("limit", PruneChunkRows, DataType.Int32));
            }, options.TransientRetriesMax, logger, "a webhook event pruning", cancellationToken);
            total += deleted;
            if (deleted < PruneChunkRows)
            {
                return total;
            }
        }
    }
}

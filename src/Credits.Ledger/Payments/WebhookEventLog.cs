using Credits.Ledger.Data;
using Credits.Ledger.Data.Payments;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
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
    private readonly RetryingAccess _lookups = new(database, options, logger, "a webhook event lookup");
    private readonly RetryingAccess _records = new(database, options, logger, "a webhook event record");
    private readonly RetryingAccess _prunings = new(database, options, logger, "a webhook event pruning");

    /// <summary>The outcome recorded for <paramref name="eventId"/>, or null if it was never applied.</summary>
    public Task<string?> FindOutcomeAsync(string eventId, CancellationToken cancellationToken = default) =>
        _lookups.RunAsync((db, token) => StripeEventTable.FindOutcomeAsync(db, eventId, token), cancellationToken);

    /// <summary>Records an applied event; the first record of an event id stands.</summary>
    public Task RecordAsync(string eventId, string type, DateTimeOffset createdAt, string outcome, CancellationToken cancellationToken = default)
    {
        var row = new StripeEventRow
        {
            EventId = eventId,
            Type = type,
            CreatedAtMs = Clock.ToMs(createdAt),
            ReceivedAtMs = Clock.ToMs(Clock.Now(time)),
            Outcome = outcome,
        };
        return _records.RunAsync((db, token) => StripeEventTable.InsertAsync(db, row, token), cancellationToken);
    }

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
            var deleted = await _prunings.RunAsync((db, token) => StripeEventTable.DeleteOldestAsync(db, cutoffMs, PruneChunkRows, token),
                cancellationToken);
            total += deleted;
            if (deleted < PruneChunkRows)
            {
                return total;
            }
        }
    }
}

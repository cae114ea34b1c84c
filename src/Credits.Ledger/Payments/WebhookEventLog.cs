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
}

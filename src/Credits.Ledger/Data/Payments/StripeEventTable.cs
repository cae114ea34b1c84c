using Credits.Ledger.Data.Rows;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace Credits.Ledger.Data.Payments;

// The statements on stripe_events: the webhook events already applied, by id.
internal static class StripeEventTable
{
    public static Task<string?> FindOutcomeAsync(LedgerDb db, string eventId, CancellationToken cancellationToken) =>
        db.GetTable<StripeEventRow>().Where(row => row.EventId == eventId).Select(row => row.Outcome).FirstOrDefaultAsync(cancellationToken);

    // Two deliveries of one event may finish together; the second insert is a no-op, and the first
    // record of an event id stands.
    public static Task<int> InsertAsync(LedgerDb db, StripeEventRow row, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "INSERT INTO stripe_events (event_id, type, created_at_ms, received_at_ms, outcome) " +
            "VALUES (@eventId, @type, @createdAtMs, @receivedAtMs, @outcome) ON CONFLICT (event_id) DO NOTHING",
            cancellationToken,
            new DataParameter("eventId", row.EventId, DataType.NVarChar),
            new DataParameter("type", row.Type, DataType.NVarChar),
            new DataParameter("createdAtMs", row.CreatedAtMs, DataType.Int64),
            new DataParameter("receivedAtMs", row.ReceivedAtMs, DataType.Int64),
            new DataParameter("outcome", row.Outcome, DataType.NVarChar));

    // Deletes up to limit of the events received before cutoffMs, oldest first, in one statement:
    // the subquery walks ix_stripe_events_received from the oldest row, and LIMIT bounds the chunk.
    public static Task<int> DeleteOldestAsync(LedgerDb db, long cutoffMs, int limit, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "DELETE FROM stripe_events WHERE event_id IN " +
            "(SELECT event_id FROM stripe_events WHERE received_at_ms < @cutoffMs ORDER BY received_at_ms LIMIT @limit)",
            cancellationToken,
            new DataParameter("cutoffMs", cutoffMs, DataType.Int64),
            new DataParameter("limit", limit, DataType.Int32));
}

using Credits.Ledger.Data.Rows;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace Credits.Ledger.Data.Subscriptions;

// The statements on unapplied_events: provider events kept with their payload until replayed.
internal static class UnappliedEventTable
{
    // The first record of an event id stands: a redelivery changes nothing.
    public static Task<int> InsertAsync(LedgerDb db, UnappliedEventRow row, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "INSERT INTO unapplied_events (event_id, type, payload, reason, detail, received_at_ms) " +
            "VALUES (@eventId, @type, @payload, @reason, @detail, @receivedAtMs) ON CONFLICT (event_id) DO NOTHING",
            cancellationToken,
            new DataParameter("eventId", row.EventId, DataType.NVarChar),
            new DataParameter("type", row.Type, DataType.NVarChar),
            new DataParameter("payload", row.Payload, DataType.NText),
            new DataParameter("reason", row.Reason, DataType.NVarChar),
            new DataParameter("detail", row.Detail, DataType.NVarChar),
            new DataParameter("receivedAtMs", row.ReceivedAtMs, DataType.Int64));

    public static Task<UnappliedEventRow?> FindAsync(LedgerDb db, string eventId, CancellationToken cancellationToken) =>
        db.GetTable<UnappliedEventRow>().FirstOrDefaultAsync(row => row.EventId == eventId, cancellationToken);

    // A page after the cursor (afterReceivedAtMs, afterEventId), oldest first.
    public static Task<List<UnappliedEventRow>> ListAsync(LedgerDb db, long afterReceivedAtMs, string afterEventId, int limit, bool includeReplayed,
        CancellationToken cancellationToken) =>
        db.GetTable<UnappliedEventRow>()
            .Where(row => (includeReplayed || row.ReplayedAtMs == null)
                          && (row.ReceivedAtMs > afterReceivedAtMs || (row.ReceivedAtMs == afterReceivedAtMs && row.EventId.CompareTo(afterEventId) > 0)))
            .OrderBy(row => row.ReceivedAtMs).ThenBy(row => row.EventId)
            .Take(limit)
            .ToListAsync(cancellationToken);

    // Only an event still waiting is marked, so of two replays at once exactly one marks it; a replay
    // that applied the event may take over the mark of the outcome it supersedes (see UnappliedEventStore).
    public static Task<int> MarkReplayedAsync(LedgerDb db, string eventId, long nowMs, string outcome, string? supersedes,
        CancellationToken cancellationToken) =>
        db.GetTable<UnappliedEventRow>()
            .Where(row => row.EventId == eventId && (row.ReplayedAtMs == null || (supersedes != null && row.ReplayOutcome == supersedes)))
            .Set(row => row.ReplayedAtMs, nowMs)
            .Set(row => row.ReplayOutcome, outcome)
            .UpdateAsync(cancellationToken);

    public static Task<int> UpdateReasonAsync(LedgerDb db, string eventId, string reason, string detail, CancellationToken cancellationToken) =>
        db.GetTable<UnappliedEventRow>()
            .Where(row => row.EventId == eventId && row.ReplayedAtMs == null)
            .Set(row => row.Reason, reason)
            .Set(row => row.Detail, detail)
            .UpdateAsync(cancellationToken);
}

using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Data.Subscriptions;
using Credits.Ledger.Engine;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Subscriptions;

/// <summary>
/// The events that could not be applied (table <c>unapplied_events</c>): kept with their payload so
/// that, once the catalogue or the account mapping is fixed, an operator replays them.
/// </summary>
public sealed class UnappliedEventStore(LedgerDatabase database, LedgerOptions options, TimeProvider time, ILogger<UnappliedEventStore> logger)
{
    private readonly RetryingAccess _access = new(database, options, logger, "an unapplied event record");

    /// <summary>Keeps an event; the first record of an event id stands (a redelivery changes nothing).</summary>
    public Task RecordAsync(string eventId, string type, string payload, string reason, string detail, CancellationToken cancellationToken = default)
    {
        var row = new UnappliedEventRow
        {
            EventId = eventId,
            Type = type,
            Payload = payload,
            Reason = reason,
            Detail = detail,
            ReceivedAtMs = Clock.ToMs(Clock.Now(time)),
        };
        return _access.RunAsync((db, token) => UnappliedEventTable.InsertAsync(db, row, token), cancellationToken);
    }

    /// <summary>The event with <paramref name="eventId"/>, or null.</summary>
    public async Task<UnappliedEvent?> FindAsync(string eventId, CancellationToken cancellationToken = default)
    {
        Validation.Require.OpaqueId(eventId, "event_id");
        var row = await _access.RunAsync((db, token) => UnappliedEventTable.FindAsync(db, eventId, token), cancellationToken);
        return row is null ? null : ToEvent(row);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> events after the cursor (<paramref name="afterReceivedAtMs"/>,
    /// <paramref name="afterEventId"/>), oldest first; with <paramref name="includeReplayed"/> false,
    /// only those still waiting.
    /// </summary>
    public async Task<IReadOnlyList<UnappliedEvent>> ListAsync(long afterReceivedAtMs, string afterEventId, int limit, bool includeReplayed,
        CancellationToken cancellationToken = default)
    {
        var rows = await _access.RunAsync((db, token) => UnappliedEventTable.ListAsync(db, afterReceivedAtMs, afterEventId, limit, includeReplayed, token),
            cancellationToken);
        return rows.ConvertAll(ToEvent);
    }

    /// <summary>
    /// Marks a replay that applied the event; false when another replay marked it first. A replay
    /// that changed the ledger passes the outcome it <paramref name="supersedes"/> (a concurrent
    /// replay that found nothing left to do may have marked the event between this one's change and
    /// its mark), so the record names the replay that applied it.
    /// </summary>
    public async Task<bool> MarkReplayedAsync(string eventId, string outcome, string? supersedes = null, CancellationToken cancellationToken = default)
    {
        var nowMs = Clock.ToMs(Clock.Now(time));
        var updated = await _access.RunAsync((db, token) => UnappliedEventTable.MarkReplayedAsync(db, eventId, nowMs, outcome, supersedes, token), cancellationToken);
        return updated == 1;
    }

    /// <summary>Records why a replay still could not apply the event.</summary>
    public Task UpdateReasonAsync(string eventId, string reason, string detail, CancellationToken cancellationToken = default) =>
        _access.RunAsync((db, token) => UnappliedEventTable.UpdateReasonAsync(db, eventId, reason, detail, token), cancellationToken);

    private static UnappliedEvent ToEvent(UnappliedEventRow row) => new(row.EventId, row.Type, row.Payload, row.Reason, row.Detail,
        Clock.FromMs(row.ReceivedAtMs), Clock.FromMs(row.ReplayedAtMs), row.ReplayOutcome);
}

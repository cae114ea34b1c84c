using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Subscriptions;

/// <summary>
/// The events that could not be applied (table <c>unapplied_events</c>): kept with their payload so
/// that, once the catalogue or the account mapping is fixed, an operator replays them.
/// </summary>
public sealed class UnappliedEventStore(LedgerDatabase database, LedgerOptions options, TimeProvider time, ILogger<UnappliedEventStore> logger)
{
    /// <summary>Keeps an event; the first record of an event id stands (a redelivery changes nothing).</summary>
    public Task RecordAsync(string eventId, string type, string payload, string reason, string detail, CancellationToken cancellationToken = default) =>
        RunAsync(db => db.ExecuteAsync(
            "INSERT INTO unapplied_events (event_id, type, payload, reason, detail, received_at_ms) " +
            "VALUES (@eventId, @type, @payload, @reason, @detail, @receivedAtMs) ON CONFLICT (event_id) DO NOTHING",
            cancellationToken,
            new DataParameter("eventId", eventId, DataType.NVarChar),
            new DataParameter("type", type, DataType.NVarChar),
            new DataParameter("payload", payload, DataType.NText),
            new DataParameter("reason", reason, DataType.NVarChar),
            new DataParameter("detail", detail, DataType.NVarChar),
            new DataParameter("receivedAtMs", Clock.ToMs(Clock.Now(time)), DataType.Int64)), cancellationToken);

    /// <summary>The event with <paramref name="eventId"/>, or null.</summary>
    public async Task<UnappliedEvent?> FindAsync(string eventId, CancellationToken cancellationToken = default)
    {
        Validation.Require.OpaqueId(eventId, "event_id");
        var row = await RunAsync(db => db.GetTable<UnappliedEventRow>().FirstOrDefaultAsync(row => row.EventId == eventId, cancellationToken),
            cancellationToken);
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
        var rows = await RunAsync(db => db.GetTable<UnappliedEventRow>()
            .Where(row => (includeReplayed || row.ReplayedAtMs == null)
                          && (row.ReceivedAtMs > afterReceivedAtMs || (row.ReceivedAtMs == afterReceivedAtMs && row.EventId.CompareTo(afterEventId) > 0)))
            .OrderBy(row => row.ReceivedAtMs).ThenBy(row => row.EventId)
            .Take(limit)
            .ToListAsync(cancellationToken), cancellationToken);
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
        var updated = await RunAsync(db => db.GetTable<UnappliedEventRow>()
            .Where(row => row.EventId == eventId && (row.ReplayedAtMs == null || (supersedes != null && row.ReplayOutcome == supersedes)))
            .Set(row => row.ReplayedAtMs, nowMs)
            .Set(row => row.ReplayOutcome, outcome)
            .UpdateAsync(cancellationToken), cancellationToken);
        return updated == 1;
    }

    /// <summary>Records why a replay still could not apply the event.</summary>
    public Task UpdateReasonAsync(string eventId, string reason, string detail, CancellationToken cancellationToken = default) =>
        RunAsync(db => db.GetTable<UnappliedEventRow>()
            .Where(row => row.EventId == eventId && row.ReplayedAtMs == null)
            .Set(row => row.Reason, reason)
            .Set(row => row.Detail, detail)
            .UpdateAsync(cancellationToken), cancellationToken);

    private static UnappliedEvent ToEvent(UnappliedEventRow row) => new(row.EventId, row.Type, row.Payload, row.Reason, row.Detail,
        Clock.FromMs(row.ReceivedAtMs), Clock.FromMs(row.ReplayedAtMs), row.ReplayOutcome);

    private Task<TResult> RunAsync<TResult>(Func<LedgerDb, Task<TResult>> work, CancellationToken cancellationToken) =>
        TransientRetry.RunAsync(async token =>
        {
            await using var db = database.Open();
            return await work(db);
        }, options.TransientRetriesMax, logger, "an unapplied event record", cancellationToken);
}

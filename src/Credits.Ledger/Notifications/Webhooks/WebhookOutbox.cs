using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace Credits.Ledger.Notifications.Webhooks;

/// <summary>
/// The durable queue of notification webhooks, one row per (endpoint, notification) in
/// <c>webhook_deliveries</c>. Notifications are written by the ledger's transactions as before;
/// this queue claims them afterwards (<see cref="EnqueueAsync"/>), so the hot path pays nothing for
/// webhooks. Each endpoint keeps a cursor: the newest <c>created_at_ms</c> it enqueued. A
/// notification is stamped when its batch is decided and becomes visible when the batch commits,
/// so one may appear with a stamp a little older than the cursor: every pass looks back
/// <see cref="LookBack"/> before the cursor and takes what it has not taken yet. The primary key
/// makes a notification enter an endpoint's queue once, whatever the instances or crashes.
/// Delivery then follows the outbox's rules: claimed under a lease, every mark conditional on it,
/// so a delivery is attempted by one instance at a time and recorded once.
/// </summary>
public sealed class WebhookOutbox(LedgerDatabase database, TimeProvider time)
{
    /// <summary>How far before an endpoint's cursor each pass looks for notifications committed late (far longer than any batch's transaction).</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromMinutes(10);

    /// <summary>How long a claimed delivery is reserved for its dispatcher before another may take it.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    // NotificationChannels.Webhook as stored in notifications.channels (the channels chosen when it fired).
    private const int WebhookChannel = (int)NotificationChannels.Webhook;

    /// <summary>
    /// Adds to <paramref name="endpointId"/>'s queue up to <paramref name="limit"/> notifications it
    /// has not had yet, oldest first, of accounts whose preferences include the webhook channel (as
    /// they are now). An endpoint seen for the first time starts from now (less the look-back): it
    /// is not sent the history from before it was configured. Returns how many were added.
    /// </summary>
    public async Task<int> EnqueueAsync(string endpointId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpointId);
        var nowMs = Clock.ToMs(Clock.Now(time));
        await using var db = database.Open();
        await db.ExecuteAsync("INSERT INTO webhook_endpoints (endpoint_id, cursor_ms) VALUES (@endpoint, @now) ON CONFLICT (endpoint_id) DO NOTHING",
            cancellationToken, Text("endpoint", endpointId), new DataParameter("now", nowMs, DataType.Int64));
        var cursorMs = await db.WebhookEndpoints.Where(row => row.EndpointId == endpointId).Select(row => row.CursorMs).FirstAsync(cancellationToken);
        var floorMs = cursorMs - (long)LookBack.TotalMilliseconds;
        // The NOT EXISTS skips what the look-back finds again (so LIMIT always reaches new rows);
        // ON CONFLICT settles two instances adding the same notification at once.
        var added = await db.ExecuteAsync(
            "INSERT INTO webhook_deliveries (endpoint_id, account_id, sequence, created_at_ms, attempts, next_attempt_at_ms) " +
            "SELECT @endpoint, n.account_id, n.sequence, n.created_at_ms, 0, @now FROM notifications n " +
            "WHERE n.created_at_ms >= @floor AND (n.channels & @channel) <> 0 " +
            "AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = @endpoint AND d.account_id = n.account_id AND d.sequence = n.sequence) " +
            "ORDER BY n.created_at_ms LIMIT @limit " +
            "ON CONFLICT (endpoint_id, account_id, sequence) DO NOTHING",
            cancellationToken,
            Text("endpoint", endpointId), new DataParameter("now", nowMs, DataType.Int64), new DataParameter("floor", floorMs, DataType.Int64),
            new DataParameter("channel", WebhookChannel, DataType.Int32), new DataParameter("limit", limit, DataType.Int32));
        if (added > 0)
        {
            var newest = await db.WebhookDeliveries.Where(row => row.EndpointId == endpointId && row.CreatedAtMs >= floorMs)
                .MaxAsync(row => row.CreatedAtMs, cancellationToken);
            await db.WebhookEndpoints.Where(row => row.EndpointId == endpointId && row.CursorMs < newest)
                .Set(row => row.CursorMs, newest)
                .UpdateAsync(cancellationToken);
        }
        return added;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> of <paramref name="endpointId"/>'s due deliveries, oldest
    /// due first, each pushed <see cref="ClaimLease"/> ahead by a conditional update so that one
    /// instance gets it. A dispatcher that dies holding a claim only delays the delivery by the lease.
    /// </summary>
    public async Task<IReadOnlyList<WebhookDelivery>> ClaimDueAsync(string endpointId, int limit, CancellationToken cancellationToken = default)
    {
        var nowMs = Clock.ToMs(Clock.Now(time));
        var leaseUntilMs = nowMs + (long)ClaimLease.TotalMilliseconds;
        await using var db = database.Open();
        var candidates = await (
            from delivery in db.WebhookDeliveries
            join notification in db.Notifications on new { delivery.AccountId, delivery.Sequence } equals new { notification.AccountId, notification.Sequence }
            where delivery.EndpointId == endpointId && delivery.DeliveredAtMs == null && delivery.DeadAtMs == null && delivery.NextAttemptAtMs <= nowMs
            orderby delivery.NextAttemptAtMs, delivery.CreatedAtMs
            select new { delivery, notification }).Take(limit).ToListAsync(cancellationToken);
        var claimed = new List<WebhookDelivery>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var row = candidate.delivery;
            var won = await Pending(db, row.EndpointId, row.AccountId, row.Sequence)
                .Where(other => other.NextAttemptAtMs == row.NextAttemptAtMs)
                .Set(other => other.NextAttemptAtMs, leaseUntilMs)
                .UpdateAsync(cancellationToken);
            if (won == 1)
            {
                claimed.Add(ToDelivery(row, candidate.notification) with { LeaseUntilMs = leaseUntilMs });
            }
        }
        return claimed;
    }

    /// <summary>Records that the endpoint accepted the delivery; false if the lease was lost (another instance holds it now).</summary>
    public async Task<bool> MarkDeliveredAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await using var db = database.Open();
        return await Held(db, delivery)
            .Set(row => row.DeliveredAtMs, Clock.ToMs(Clock.Now(time)))
            .Set(row => row.Attempts, delivery.Attempts + 1)
            .UpdateAsync(cancellationToken) == 1;
    }

    /// <summary>Records a failed attempt and when to try again; false if the lease was lost.</summary>
    public async Task<bool> MarkFailedAsync(WebhookDelivery delivery, string error, TimeSpan retryIn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(error);
        await using var db = database.Open();
        return await Held(db, delivery)
            .Set(row => row.Attempts, delivery.Attempts + 1)
            .Set(row => row.LastError, Clip(error))
            .Set(row => row.NextAttemptAtMs, Clock.ToMs(Clock.Now(time)) + (long)retryIn.TotalMilliseconds)
            .UpdateAsync(cancellationToken) == 1;
    }

    /// <summary>Records the last failed attempt: the delivery becomes a dead letter, kept for an operator to replay; false if the lease was lost.</summary>
    public async Task<bool> MarkDeadAsync(WebhookDelivery delivery, string error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(error);
        await using var db = database.Open();
        return await Held(db, delivery)
            .Set(row => row.Attempts, delivery.Attempts + 1)
            .Set(row => row.LastError, Clip(error))
            .Set(row => row.DeadAtMs, Clock.ToMs(Clock.Now(time)))
            .UpdateAsync(cancellationToken) == 1;
    }

    /// <summary>One delivery as stored, or null when the endpoint never had that notification.</summary>
    public async Task<WebhookDelivery?> FindAsync(string endpointId, string accountId, long sequence, CancellationToken cancellationToken = default)
    {
        await using var db = database.Open();
        var found = await (
            from delivery in db.WebhookDeliveries
            join notification in db.Notifications on new { delivery.AccountId, delivery.Sequence } equals new { notification.AccountId, notification.Sequence }
            where delivery.EndpointId == endpointId && delivery.AccountId == accountId && delivery.Sequence == sequence
            select new { delivery, notification }).FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : ToDelivery(found.delivery, found.notification);
    }

    internal static WebhookDelivery ToDelivery(WebhookDeliveryRow row, NotificationRow notification) =>
        new(row.EndpointId, NotificationInbox.ToNotification(notification), row.Attempts, Clock.FromMs(row.DeliveredAtMs), Clock.FromMs(row.DeadAtMs),
            row.LastError);

    internal static IQueryable<WebhookDeliveryRow> Pending(LedgerDb db, string endpointId, string accountId, long sequence) =>
        db.WebhookDeliveries.Where(row => row.EndpointId == endpointId && row.AccountId == accountId && row.Sequence == sequence
                                          && row.DeliveredAtMs == null && row.DeadAtMs == null);

    // The delivery's row while this dispatcher still holds it: pending and carrying its lease.
    private static IQueryable<WebhookDeliveryRow> Held(LedgerDb db, WebhookDelivery delivery) =>
        Pending(db, delivery.EndpointId, delivery.Notification.AccountId, delivery.Notification.Sequence)
            .Where(row => row.NextAttemptAtMs == delivery.LeaseUntilMs);

    private static DataParameter Text(string name, string value) => new(name, value, DataType.NVarChar);

    private static string Clip(string error) => error.Length > 1000 ? error[..1000] : error;
}

using System.Text.Json;
using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using Credits.Ledger.Outbox;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace Credits.Ledger.Notifications.Email;

/// <summary>
/// Puts notification emails in the outbox, where the receipts' sender delivers them (claimed under
/// a lease, retried, dead after its attempts). Notifications are written by the ledger's
/// transactions as before; this copies them afterwards (<see cref="EnqueueAsync"/>), so the hot
/// path pays nothing for email. Like a webhook endpoint's queue it keeps a cursor (the newest
/// <c>created_at_ms</c> copied, or the time of the last pass that copied all it saw) and looks back <see cref="LookBack"/> before it for notifications
/// whose batch committed late; the outbox's primary key (account, <c>notification/{sequence}</c>)
/// makes each notification enter it once, whatever the instances or crashes.
/// </summary>
public sealed class NotificationMailOutbox(LedgerDatabase database, TimeProvider time)
{
    /// <summary>The outbox topic of notification emails.</summary>
    public const string Topic = "notification.email";

    /// <summary>The outbox topic whose payload's <c>email</c> is the account's address when its user set none.</summary>
    public const string ReceiptTopic = "receipt.purchase";

    /// <summary>How far before the cursor each pass looks for notifications committed late (far longer than any batch's transaction).</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromMinutes(10);

    private const string MessageIdPrefix = "notification/";
    private const string CursorName = "email";

    // NotificationChannels.Email as stored in notifications.channels (the channels chosen when it fired).
    private const int EmailChannel = (int)NotificationChannels.Email;

    /// <summary>
    /// Adds to the outbox up to <paramref name="limit"/> notifications not added yet, oldest first,
    /// of accounts whose preferences include email (as they are now) and that have an address: their
    /// own, or a purchase receipt's. The first pass ever starts from now (less the look-back): the
    /// history from before email was on is not mailed. Returns how many were added.
    /// </summary>
    public async Task<int> EnqueueAsync(int limit, CancellationToken cancellationToken = default)
    {
        var nowMs = Clock.ToMs(Clock.Now(time));
        await using var db = database.Open();
        await db.ExecuteAsync("INSERT INTO notification_mail_cursor (name, cursor_ms) VALUES (@name, @now) ON CONFLICT (name) DO NOTHING",
            cancellationToken, Text("name", CursorName), Number("now", nowMs));
        var cursorMs = await db.ExecuteAsync<long>("SELECT cursor_ms FROM notification_mail_cursor WHERE name = @name", cancellationToken,
            Text("name", CursorName));
        var floorMs = cursorMs - (long)LookBack.TotalMilliseconds;
        // The NOT EXISTS skips what the look-back finds again (so LIMIT always reaches new rows);
        // ON CONFLICT settles two instances adding the same notification at once.
        var added = await db.ExecuteAsync(
            "INSERT INTO outbox (account_id, message_id, topic, payload_json, result_json, created_at_ms, attempts, next_attempt_at_ms) " +
            "SELECT n.account_id, @prefix || CAST(n.sequence AS TEXT), @topic, '{\"sequence\":' || CAST(n.sequence AS TEXT) || '}', '{}', " +
            "n.created_at_ms, 0, @now FROM notifications n " +
            "JOIN accounts a ON a.account_id = n.account_id " +
            "WHERE n.created_at_ms >= @floor AND (n.channels & @channel) <> 0 " +
            "AND (a.notification_email IS NOT NULL OR EXISTS (SELECT 1 FROM outbox r WHERE r.account_id = n.account_id AND r.topic = @receipt)) " +
            "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.account_id = n.account_id AND o.message_id = @prefix || CAST(n.sequence AS TEXT)) " +
            "ORDER BY n.created_at_ms LIMIT @limit " +
            "ON CONFLICT (account_id, message_id) DO NOTHING",
            cancellationToken,
            Text("prefix", MessageIdPrefix), Text("topic", Topic), Text("receipt", ReceiptTopic), Number("now", nowMs), Number("floor", floorMs),
            new DataParameter("channel", EmailChannel, DataType.Int32), new DataParameter("limit", limit, DataType.Int32));
        // A pass that took fewer than the limit added every notification visible now: the cursor
        // moves to now, so the next scans stay one look-back long even while no account is mailed
        // (most notifications are of accounts without email). A full pass moves it to the newest added.
        var newest = added < limit
            ? nowMs
            : await db.Outbox.Where(row => row.Topic == Topic && row.CreatedAtMs >= floorMs).MaxAsync(row => row.CreatedAtMs, cancellationToken);
        await db.ExecuteAsync("UPDATE notification_mail_cursor SET cursor_ms = @newest WHERE name = @name AND cursor_ms < @newest",
            cancellationToken, Text("name", CursorName), Number("newest", newest));
        return added;
    }

    /// <summary>
    /// What a claimed <see cref="Topic"/> message mails: the notification, and the address it goes to
    /// now (the one the account's user set, else the latest purchase receipt's; null when neither).
    /// Null when the message names no notification (it cannot be sent).
    /// </summary>
    public async Task<(AccountNotification Notification, string? Address, string? Locale)?> ReadAsync(PendingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (SequenceOf(message.PayloadJson) is not { } sequence)
        {
            return null;
        }
        await using var db = database.Open();
        var row = await db.Notifications.Where(n => n.AccountId == message.AccountId && n.Sequence == sequence).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        var chosen = await db.Accounts.Where(account => account.AccountId == message.AccountId)
            .Select(account => new { account.NotificationEmail, account.NotificationLocale }).FirstOrDefaultAsync(cancellationToken);
        var address = chosen?.NotificationEmail;
        if (string.IsNullOrEmpty(address))
        {
            var receipt = await db.Outbox.Where(other => other.AccountId == message.AccountId && other.Topic == ReceiptTopic)
                .OrderByDescending(other => other.CreatedAtMs).Select(other => other.PayloadJson).FirstOrDefaultAsync(cancellationToken);
            address = receipt is null ? null : EmailOf(receipt);
        }
        return (NotificationInbox.ToNotification(row), address, chosen?.NotificationLocale);
    }

    /// <summary>
    /// The locale of a purchase's receipt: the checkout's (what the buyer's page passed to
    /// CreateCheckoutSession), else the account's; null when neither has one.
    /// </summary>
    public async Task<string?> ReceiptLocaleOfAsync(string accountId, string? sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        if (!string.IsNullOrEmpty(sessionId))
        {
            await using var db = database.Open();
            var checkout = await db.GetTable<Data.Rows.CheckoutSessionRow>().Where(row => row.SessionId == sessionId && row.AccountId == accountId)
                .Select(row => row.Locale).FirstOrDefaultAsync(cancellationToken);
            if (!string.IsNullOrEmpty(checkout))
            {
                return checkout;
            }
        }
        return await LocaleOfAsync(accountId, cancellationToken);
    }

    /// <summary>The locale the account's user chose for its mails (notification preferences); null when none or no such account.</summary>
    public async Task<string?> LocaleOfAsync(string accountId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        await using var db = database.Open();
        return await db.Accounts.Where(account => account.AccountId == accountId)
            .Select(account => account.NotificationLocale).FirstOrDefaultAsync(cancellationToken);
    }

    private static long? SequenceOf(string payloadJson)
    {
        try
        {
            using var json = JsonDocument.Parse(payloadJson);
            return json.RootElement.TryGetProperty("sequence", out var value) && value.TryGetInt64(out var sequence) ? sequence : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? EmailOf(string payloadJson)
    {
        try
        {
            using var json = JsonDocument.Parse(payloadJson);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("email", out var value)
                   && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DataParameter Text(string name, string value) => new(name, value, DataType.NVarChar);

    private static DataParameter Number(string name, long value) => new(name, value, DataType.Int64);
}

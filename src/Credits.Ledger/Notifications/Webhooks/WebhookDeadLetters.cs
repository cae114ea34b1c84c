using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Credits.Ledger.Accounts;
using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Validation;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Notifications.Webhooks;

/// <summary>
/// The operator's side of the webhook queue: the deliveries the dispatcher gave up on, paged, and
/// replaying one (it becomes due now with a fresh attempt count). Replay is idempotent by nature:
/// replaying a delivery that is pending or delivered already changes nothing and returns it as it is.
/// </summary>
public sealed class WebhookDeadLetters(LedgerDatabase database, TimeProvider time)
{
    /// <summary>Dead letters per page when the caller asks for 0.</summary>
    public const int PageSizeDefault = 50;

    /// <summary>The most dead letters on one page.</summary>
    public const int PageSizeMax = 500;

    /// <summary>The longest endpoint id a request may name (configured ids are short names).</summary>
    public const int EndpointIdLengthMax = 128;

    // Separates the key's parts in a page token: no endpoint or account id holds it.
    private const char Separator = '\n';

    /// <summary>Dead letters of <paramref name="endpointId"/> (every endpoint when empty), by endpoint, account and sequence.</summary>
    public async Task<WebhookDeadLetterPage> ListAsync(string endpointId, int pageSize, string pageToken, CancellationToken cancellationToken = default)
    {
        if (pageSize < 0)
        {
            throw LedgerErrors.Invalid("page_size", "page_size must be 0 or more.").ToException();
        }
        Require.MaxLength(endpointId, EndpointIdLengthMax, "endpoint_id");
        var limit = pageSize == 0 ? PageSizeDefault : Math.Min(pageSize, PageSizeMax);
        var (afterEndpoint, afterAccount, afterSequence) = ReadPageToken(pageToken);
        await using var db = database.Open();
        var dead = from delivery in db.WebhookDeliveries
            join notification in db.Notifications on new { delivery.AccountId, delivery.Sequence } equals new { notification.AccountId, notification.Sequence }
            where delivery.DeadAtMs != null
            select new { delivery, notification };
        if (endpointId.Length > 0)
        {
            dead = dead.Where(row => row.delivery.EndpointId == endpointId);
        }
        if (afterEndpoint is not null)
        {
            dead = dead.Where(row => string.Compare(row.delivery.EndpointId, afterEndpoint) > 0
                                     || (row.delivery.EndpointId == afterEndpoint && string.Compare(row.delivery.AccountId, afterAccount) > 0)
                                     || (row.delivery.EndpointId == afterEndpoint && row.delivery.AccountId == afterAccount && row.delivery.Sequence > afterSequence));
        }
        var rows = await dead.OrderBy(row => row.delivery.EndpointId).ThenBy(row => row.delivery.AccountId).ThenBy(row => row.delivery.Sequence)
            .Take(limit + 1).ToListAsync(cancellationToken);
        var page = rows.Take(limit).Select(row => WebhookOutbox.ToDelivery(row.delivery, row.notification)).ToList();
        var next = rows.Count > limit ? PageToken(page[^1]) : "";
        return new WebhookDeadLetterPage(page, next);
    }

    /// <summary>
    /// Makes a dead delivery due now with its attempts reset, so the dispatcher sends it again on
    /// its next pass; returns the delivery as it is after. NOT_FOUND when the endpoint never had the notification.
    /// </summary>
    public async Task<WebhookDelivery> ReplayAsync(string endpointId, string accountId, long sequence, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(endpointId))
        {
            throw LedgerErrors.Invalid("endpoint_id", "endpoint_id names a configured webhook endpoint.").ToException();
        }
        // Before any lookup: PostgreSQL refuses a NUL byte in text with an error of its own (the fuzzer's INTERNAL).
        Require.MaxLength(endpointId, EndpointIdLengthMax, "endpoint_id");
        AccountIds.Parse(accountId, "account_id");
        if (sequence < 1)
        {
            throw LedgerErrors.Invalid("sequence", "sequence is a notification's sequence, 1 or more.").ToException();
        }
        await using (var db = database.Open())
        {
            await db.WebhookDeliveries
                .Where(row => row.EndpointId == endpointId && row.AccountId == accountId && row.Sequence == sequence && row.DeadAtMs != null)
                .Set(row => row.DeadAtMs, (long?)null)
                .Set(row => row.Attempts, 0)
                .Set(row => row.NextAttemptAtMs, Clock.ToMs(Clock.Now(time)))
                .UpdateAsync(cancellationToken);
        }
        return await new WebhookOutbox(database, time).FindAsync(endpointId, accountId, sequence, cancellationToken)
               ?? throw LedgerErrors.WebhookDeliveryNotFound(endpointId, accountId, sequence).ToException();
    }

    private static string PageToken(WebhookDelivery last) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
        string.Join(Separator, last.EndpointId, last.Notification.AccountId, last.Notification.Sequence.ToString(CultureInfo.InvariantCulture))));

    private static (string? Endpoint, string Account, long Sequence) ReadPageToken(string pageToken)
    {
        if (string.IsNullOrEmpty(pageToken))
        {
            return (null, "", 0);
        }
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(pageToken)).Split(Separator);
            if (parts.Length == 3 && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                return (parts[0], parts[1], sequence);
            }
        }
        catch (FormatException)
        {
            // Reported below like any other token this server did not issue.
        }
        throw LedgerErrors.Invalid("page_token", "page_token is not a token this server issued.").ToException();
    }
}

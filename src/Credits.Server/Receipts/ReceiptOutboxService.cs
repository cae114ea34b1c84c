using Credits.Ledger.Notifications.Email;
using Credits.Ledger.Outbox;
using Credits.Ledger.Subscriptions;
using Credits.Server.Notifications.Email;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;

namespace Credits.Server.Receipts;

/// <summary>
/// Delivers purchase receipts, subscription emails and notification emails from the outbox. Every
/// poll interval it first copies new notifications into the outbox (<see cref="NotificationMailOutbox"/>),
/// then takes each topic's due messages (oldest first, up to the batch size), sends each through one
/// SMTP connection and marks it sent; a failure is marked with a retry delay that doubles with each
/// attempt up to <see cref="ReceiptOptions.RetryDelayMax"/>. A message that fails its
/// <see cref="ReceiptOptions.MaxAttempts"/>th attempt is marked dead: logged once at Error, never
/// sent or retried again, kept in the outbox table for an operator. The grant that wrote the
/// message stands whatever happens here. A message that can never be sent (no or bad address, unreadable payload,
/// recipient refused for good) is marked sent with a warning, so it does not block the queue.
/// Several instances may poll one database: each message is claimed by one of them under a lease,
/// renewed just before its send; a send still running near the lease's end is abandoned (so no other
/// instance can have claimed the message meanwhile), and every mark is written only while this
/// instance still holds the lease. A crash between the send and the mark still sends the same mail
/// again, with the same Message-ID. Logs carry message and account ids, never addresses or bodies.
/// </summary>
internal sealed partial class ReceiptOutboxService(
    OutboxStore outbox,
    NotificationMailOutbox notificationMails,
    ReceiptSender sender,
    IOptions<ReceiptOptions> options,
    TimeProvider time,
    ILogger<ReceiptOutboxService> logger) : BackgroundService
{
    // 2^16 times the first delay is far beyond any sensible cap; stops the doubling before it overflows.
    private const int DoublingsMax = 16;

    /// <summary>The wait before the next attempt after <paramref name="attempts"/> failed ones (1 for the first failure).</summary>
    public static TimeSpan RetryDelay(int attempts, ReceiptOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var doublings = Math.Clamp(attempts - 1, 0, DoublingsMax);
        var delay = options.RetryDelay * Math.Pow(2, doublings);
        return delay < options.RetryDelayMax ? delay : options.RetryDelayMax;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            LogDisabled();
            return;
        }
        LogEnabled(settings.Smtp.Host, settings.Smtp.Port, settings.Smtp.UseTls, settings.PollInterval);
        using var timer = new PeriodicTimer(settings.PollInterval, time);
        try
        {
            do
            {
                await DeliverDueAsync(settings, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; an interrupted receipt is still due and goes out after the restart.
        }
    }

    /// <summary>The outbox topics this sender delivers: purchase receipts, subscription emails and notification emails.</summary>
    public static readonly IReadOnlyList<string> Topics =
        [ReceiptOptions.PurchaseTopic, SubscriptionEmails.RenewalTopic, SubscriptionEmails.CancellationTopic, NotificationMailOutbox.Topic];

    /// <summary>Copies new notifications into the outbox, then sends what is due now on every topic.</summary>
    internal async Task DeliverDueAsync(ReceiptOptions settings, CancellationToken cancellationToken)
    {
        await EnqueueNotificationsAsync(settings, cancellationToken);
        foreach (var topic in Topics)
        {
            await DeliverDueAsync(topic, settings, cancellationToken);
        }
    }

    /// <summary>Sends what is due now on one topic, batch after batch while batches come back full and make progress.</summary>
    private async Task DeliverDueAsync(string topic, ReceiptOptions settings, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var due = await outbox.ClaimDueAsync(topic, settings.BatchSize, cancellationToken);
                if (due.Count == 0)
                {
                    return;
                }
                var progressed = await DeliverBatchAsync(due, settings, cancellationToken);
                if (due.Count < settings.BatchSize || !progressed)
                {
                    return;
                }
            }
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            // The outbox itself is unreachable (database down): nothing was lost, try again later.
            LogPassFailed(error);
        }
    }

    /// <summary>Tops the outbox up with the notifications to mail, batch after full batch.</summary>
    private async Task EnqueueNotificationsAsync(ReceiptOptions settings, CancellationToken cancellationToken)
    {
        try
        {
            while (await notificationMails.EnqueueAsync(settings.BatchSize, cancellationToken) == settings.BatchSize)
            {
            }
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            // The database is unreachable: the notifications stay where they are, the next pass copies them.
            LogPassFailed(error);
        }
    }

    /// <summary>The mail of one message, or why it can never be sent.</summary>
    private async Task<ComposedReceipt> ComposeAsync(PendingMessage message, ReceiptOptions settings, CancellationToken cancellationToken) =>
        message.Topic switch
        {
            // The checkout's locale (the language the buyer paid in), else the account's, else English.
            ReceiptOptions.PurchaseTopic => ReceiptComposer.Compose(message, settings,
                await notificationMails.ReceiptLocaleOfAsync(message.AccountId, ReceiptPayload.Read(message.PayloadJson)?.SessionId, cancellationToken)),
            NotificationMailOutbox.Topic => await notificationMails.ReadAsync(message, cancellationToken) is { } mail
                ? NotificationMailComposer.Compose(mail.Notification, mail.Address, settings, mail.Locale)
                : new ComposedReceipt(null, "the message names no notification"),
            // Subscription mails have no checkout of their own: the account's locale, else English.
            _ => SubscriptionMailComposer.Compose(message, settings, await notificationMails.LocaleOfAsync(message.AccountId, cancellationToken)),
        };

    /// <summary>Sends one batch over one connection; true if any message left the queue.</summary>
    private async Task<bool> DeliverBatchAsync(IReadOnlyList<PendingMessage> due, ReceiptOptions settings, CancellationToken cancellationToken)
    {
        var progressed = false;
        Exception? unreachable = null;
        await using var session = sender.Open();
        foreach (var claimed in due)
        {
            // The batch's earlier sends may have taken a while: take a fresh lease, or leave the
            // message to the instance that claimed it since.
            if (await outbox.RenewLeaseAsync(claimed, cancellationToken) is not { } message)
            {
                LogLeaseLost(claimed.MessageId, claimed.AccountId);
                continue;
            }
            var attempt = message.Attempts + 1;
            var composed = await ComposeAsync(message, settings, cancellationToken);
            if (composed.Mail is not { } mail)
            {
                LogSkipped(message.MessageId, message.AccountId, composed.Undeliverable);
                await MarkedAsync(message, outbox.MarkDroppedAsync(message, composed.Undeliverable ?? "undeliverable", cancellationToken));
                progressed = true;
                continue;
            }
            using (mail)
            {
                if (unreachable is null)
                {
                    try
                    {
                        await session.ConnectAsync(cancellationToken);
                    }
                    catch (Exception error) when (!cancellationToken.IsCancellationRequested)
                    {
                        // Every other receipt of the batch would fail the same way: no point trying each.
                        unreachable = error;
                    }
                }
                if (unreachable is not null)
                {
                    await FailedAsync(message, attempt, unreachable, settings, cancellationToken);
                    continue;
                }
                // Abandoned before the lease runs out: past it, another instance may claim the message
                // and send it too. The deadline runs on the server's clock, like the lease.
                using var leaseEnds = new CancellationTokenSource(OutboxStore.SendDeadline, time);
                using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, leaseEnds.Token);
                try
                {
                    await session.SendAsync(mail, sending.Token);
                }
                catch (SmtpCommandException error) when (IsRecipientRefusedForGood(error))
                {
                    var reason = $"the mail server refused the recipient ({(int)error.StatusCode})";
                    LogSkipped(message.MessageId, message.AccountId, reason);
                    await MarkedAsync(message, outbox.MarkDroppedAsync(message, reason, cancellationToken));
                    progressed = true;
                    continue;
                }
                catch (Exception error) when (!cancellationToken.IsCancellationRequested)
                {
                    await FailedAsync(message, attempt, error, settings, cancellationToken);
                    if (leaseEnds.IsCancellationRequested)
                    {
                        // The connection was dropped mid-send, and the rest of the batch waited as long:
                        // their leases are as old, so they are left to the next claim.
                        return progressed;
                    }
                    continue;
                }
                progressed = true;
                if (await MarkedAsync(message, outbox.MarkSentAsync(message, cancellationToken)))
                {
                    LogSent(message.MessageId, message.AccountId, attempt);
                }
            }
        }
        return progressed;
    }

    private async Task FailedAsync(PendingMessage message, int attempt, Exception error, ReceiptOptions settings, CancellationToken cancellationToken)
    {
        // The outbox row keeps the server's full answer (it may quote the address, which the row
        // holds anyway); the log gets only what cannot identify the recipient.
        var stored = $"{error.GetType().Name}: {error.Message}";
        // At or past the limit (a row may have more attempts than a limit lowered since): give up.
        if (attempt >= settings.MaxAttempts)
        {
            if (await MarkedAsync(message, outbox.MarkDeadAsync(message, stored, cancellationToken)))
            {
                LogDead(message.MessageId, message.AccountId, attempt, Describe(error));
            }
            return;
        }
        var retryIn = RetryDelay(attempt, settings);
        if (await MarkedAsync(message, outbox.MarkFailedAsync(message, stored, retryIn, cancellationToken)))
        {
            LogFailed(message.MessageId, message.AccountId, attempt, Describe(error), retryIn);
        }
    }

    // A mark written only while this instance holds the message's lease; false (logged) when it did not.
    private async Task<bool> MarkedAsync(PendingMessage message, Task<bool> mark)
    {
        if (await mark)
        {
            return true;
        }
        LogLeaseLost(message.MessageId, message.AccountId);
        return false;
    }

    private static bool IsRecipientRefusedForGood(SmtpCommandException error) =>
        error.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)error.StatusCode >= 500;

    private static string Describe(Exception error) => error switch
    {
        SmtpCommandException command => $"{nameof(SmtpCommandException)} {command.ErrorCode} ({(int)command.StatusCode})",
        ServiceNotConnectedException or ServiceNotAuthenticatedException or SmtpProtocolException => $"{error.GetType().Name}: {error.Message}",
        MailKit.Security.AuthenticationException => $"{error.GetType().Name}: the mail server refused the login",
        _ => $"{error.GetType().Name}: {error.Message}",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Receipt emails are off (Receipts:Smtp:Host is empty); purchase receipts wait in the outbox")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Receipt emails go through {SmtpHost}:{SmtpPort} (TLS {SmtpTls}), outbox polled every {PollInterval}")]
    private partial void LogEnabled(string smtpHost, int smtpPort, SmtpTls smtpTls, TimeSpan pollInterval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Receipt {OutboxMessageId} for {AccountId} sent (attempt {Attempt})")]
    private partial void LogSent(string outboxMessageId, string accountId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receipt {OutboxMessageId} for {AccountId} failed (attempt {Attempt}): {Error}; retrying in {RetryIn}")]
    private partial void LogFailed(string outboxMessageId, string accountId, int attempt, string error, TimeSpan retryIn);

    [LoggerMessage(Level = LogLevel.Error, Message = "Receipt {OutboxMessageId} for {AccountId} is dead after {Attempt} failed attempts (Receipts:MaxAttempts) and will not be sent; last error: {Error}")]
    private partial void LogDead(string outboxMessageId, string accountId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receipt {OutboxMessageId} for {AccountId} cannot be sent and is dropped (marked sent): {Reason}")]
    private partial void LogSkipped(string outboxMessageId, string accountId, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receipt {OutboxMessageId} for {AccountId}: this instance's lease ran out; another instance owns it now, so nothing is recorded here")]
    private partial void LogLeaseLost(string outboxMessageId, string accountId);

        [LoggerMessage(Level = LogLevel.Error, Message = "Receipt outbox pass failed; retrying at the next interval")]
    private partial void LogPassFailed(Exception error);
}

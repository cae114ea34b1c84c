using System.Net.Http.Headers;
using System.Text;
using Credits.Ledger.Notifications.Webhooks;
using Microsoft.Extensions.Options;

namespace Credits.Server.Webhooks;

/// <summary>
/// Delivers notifications to the configured endpoints. Every poll interval, for each endpoint, it
/// tops the endpoint's queue up from the notifications (<see cref="WebhookOutbox.EnqueueAsync"/>)
/// and sends what is due, oldest first: one signed POST per delivery; a 2xx answer marks it
/// delivered, anything else (a refused connection, a timeout, a 500) schedules another attempt by
/// <see cref="WebhookRetrySchedule"/>, and the <see cref="NotificationWebhookOptions.MaxAttempts"/>th
/// failure makes it a dead letter. A delivery is claimed under a lease, so several instances
/// share the work and each delivery is attempted by one of them at a time; a crash between a POST
/// and its mark repeats the POST with the same <c>webhook-id</c>, which the receiver drops.
/// Logs carry endpoint, account and sequence, never bodies or secrets.
/// </summary>
internal sealed partial class NotificationWebhookDispatcher(
    WebhookOutbox queue,
    IOptions<NotificationWebhookOptions> options,
    TimeProvider time,
    ILogger<NotificationWebhookDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Endpoints.Count == 0)
        {
            LogDisabled();
            return;
        }
        var endpoints = settings.Endpoints.Select(pair => new Endpoint(pair.Key, new Uri(pair.Value.Url), new WebhookSigner(pair.Value.Secret))).ToList();
        LogEnabled(endpoints.Count, settings.PollInterval);
        // Redirects are not followed: a signed body goes only where it was configured to go.
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = settings.Timeout,
        };
        using var timer = new PeriodicTimer(settings.PollInterval, time);
        try
        {
            do
            {
                foreach (var endpoint in endpoints)
                {
                    await PassAsync(http, endpoint, settings, stoppingToken);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what was not sent stays queued (a claimed delivery waits out its lease).
        }
    }

    /// <summary>One endpoint's pass: enqueue what is new, then send what is due, batch after full batch.</summary>
    private async Task PassAsync(HttpClient http, Endpoint endpoint, NotificationWebhookOptions settings, CancellationToken cancellationToken)
    {
        try
        {
            while (await queue.EnqueueAsync(endpoint.Id, settings.BatchSize, cancellationToken) == settings.BatchSize)
            {
            }
            while (true)
            {
                var due = await queue.ClaimDueAsync(endpoint.Id, settings.BatchSize, cancellationToken);
                foreach (var delivery in due)
                {
                    await DeliverAsync(http, endpoint, delivery, settings, cancellationToken);
                }
                if (due.Count < settings.BatchSize)
                {
                    return;
                }
            }
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            // The database is unreachable: nothing is lost, the next pass tries again.
            LogPassFailed(endpoint.Id, error);
        }
    }

    private async Task DeliverAsync(HttpClient http, Endpoint endpoint, WebhookDelivery delivery, NotificationWebhookOptions settings,
        CancellationToken cancellationToken)
    {
        var notification = delivery.Notification;
        var attempt = delivery.Attempts + 1;
        var body = WebhookBody.Of(notification);
        string? failure;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
            {
                Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
            };
            // Stamped at each attempt: receivers refuse a signature older than a few minutes.
            foreach (var (name, value) in endpoint.Signer.Headers(delivery.WebhookId, time.GetUtcNow(), body))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            failure = response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            failure = error is TaskCanceledException ? $"no answer within {settings.Timeout}" : $"{error.GetType().Name}: {error.Message}";
        }
        if (failure is null)
        {
            if (await queue.MarkDeliveredAsync(delivery, cancellationToken))
            {
                LogDelivered(endpoint.Id, notification.AccountId, notification.Sequence, attempt);
            }
            return;
        }
        if (attempt >= settings.MaxAttempts)
        {
            if (await queue.MarkDeadAsync(delivery, failure, cancellationToken))
            {
                LogDead(endpoint.Id, notification.AccountId, notification.Sequence, attempt, failure);
            }
            return;
        }
        var retryIn = WebhookRetrySchedule.Delay(attempt, settings, Random.Shared.NextDouble());
        if (await queue.MarkFailedAsync(delivery, failure, retryIn, cancellationToken))
        {
            LogFailed(endpoint.Id, notification.AccountId, notification.Sequence, attempt, failure, retryIn);
        }
    }

    private sealed record Endpoint(string Id, Uri Url, WebhookSigner Signer);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Notification webhooks are off (no NotificationWebhooks:Endpoints)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification webhooks go to {EndpointCount} endpoint(s), polled every {PollInterval}")]
    private partial void LogEnabled(int endpointCount, TimeSpan pollInterval);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook to {EndpointId}: notification {Sequence} of {AccountId} delivered (attempt {Attempt})")]
    private partial void LogDelivered(string endpointId, string accountId, long sequence, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook to {EndpointId}: notification {Sequence} of {AccountId} failed (attempt {Attempt}): {Error}; retrying in {RetryIn}")]
    private partial void LogFailed(string endpointId, string accountId, long sequence, int attempt, string error, TimeSpan retryIn);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook to {EndpointId}: notification {Sequence} of {AccountId} is a dead letter after {Attempt} attempts (NotificationWebhooks:MaxAttempts); last error: {Error}")]
    private partial void LogDead(string endpointId, string accountId, long sequence, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook pass for {EndpointId} failed; retrying at the next interval")]
    private partial void LogPassFailed(string endpointId, Exception error);
}

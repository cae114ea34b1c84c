using Credits.Ledger.Subscriptions;
using Microsoft.Extensions.Options;

namespace Credits.Server.Subscriptions;

/// <summary>
/// Renews manual subscriptions whose period ended, on a timer of the injected clock. A failed pass
/// is logged and the next tick tries again; renewals are keyed by period, so nothing doubles.
/// </summary>
internal sealed partial class SubscriptionRenewalService(
    SubscriptionProcessor subscriptions,
    IOptions<SubscriptionOptions> options,
    TimeProvider time,
    ILogger<SubscriptionRenewalService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RenewalInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var renewed = await subscriptions.RenewDueAsync(stoppingToken);
                    if (renewed > 0)
                    {
                        LogRenewed(renewed);
                    }
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Renewed {Count} manual subscriptions")]
    private partial void LogRenewed(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Subscription renewal pass failed; retrying at the next interval")]
    private partial void LogFailed(Exception error);
}

using Credits.Ledger.Payments;

namespace Credits.Server.Stripe;

/// <summary>
/// Keeps <c>stripe_events</c> from growing forever: at start and then every
/// <see cref="PruneInterval"/> (on the injected clock, so tests move it) it forgets the event ids
/// received longer ago than <c>Stripe:EventRetention</c> (read at each sweep, so a reload applies),
/// in bounded chunks, and logs how many it removed. A failed sweep is logged and the next one tries
/// again: until then the table only keeps a few more rows.
/// </summary>
internal sealed partial class StripeEventPruningService(
    WebhookEventLog events,
    StripeSettings settings,
    TimeProvider time,
    ILogger<StripeEventPruningService> logger) : BackgroundService
{
    /// <summary>Time between two sweeps; the retention is counted in days, so hourly is plenty.</summary>
    public static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PruneInterval, time);
        try
        {
            do
            {
                await PruneOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task PruneOnceAsync(CancellationToken stoppingToken)
    {
        var retention = settings.Current.EventRetention;
        var cutoff = time.GetUtcNow() - retention;
        try
        {
            var pruned = await events.PruneAsync(cutoff, stoppingToken);
            if (pruned > 0)
            {
                LogPruned(pruned, retention, cutoff);
            }
        }
        catch (Exception error) when (!stoppingToken.IsCancellationRequested)
        {
            LogPruneFailed(error);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {PrunedCount} Stripe event ids received before {Cutoff:O} (Stripe:EventRetention {Retention})")]
    private partial void LogPruned(long prunedCount, TimeSpan retention, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pruning Stripe event ids failed; retrying at the next interval")]
    private partial void LogPruneFailed(Exception error);
}

using Credits.Ledger.Expiry;
using Microsoft.Extensions.Options;

namespace Credits.Server.Background;

/// <summary>
/// Runs the <see cref="ExpirySweeper"/> on a timer. Reads already treat due holds and lots as
/// expired, so a failed sweep only delays the journal entries: it is logged and the next tick
/// tries again.
/// </summary>
internal sealed partial class ExpirySweepService(
    ExpirySweeper sweeper,
    IOptions<ExpirySweepOptions> options,
    TimeProvider time,
    ILogger<ExpirySweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The timer reads the injected clock, so tests drive sweeps by advancing a fake one.
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task SweepOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            var accounts = await sweeper.SweepOnceAsync(cancellationToken: stoppingToken);
            if (accounts > 0)
            {
                LogSwept(accounts);
            }
        }
        catch (Exception error) when (!stoppingToken.IsCancellationRequested)
        {
            LogSweepFailed(error);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Expiry sweep wrote due expiries on {AccountCount} accounts")]
    private partial void LogSwept(int accountCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Expiry sweep failed; retrying at the next interval")]
    private partial void LogSweepFailed(Exception error);
}

using Credits.Ledger;
using Credits.Ledger.Analytics.Projection;

namespace Credits.Server.Background;

/// <summary>
/// Runs the <see cref="UsageProjector"/>: a catch-up from the journal at start, then a fold every
/// <c>Ledger:UsageProjection:FlushInterval</c>, and a fold of what is left at shutdown. Paced by
/// the wall clock, not the ledger's (tests move the ledger's clock; the folding must go on).
/// </summary>
internal sealed class UsageProjectionService(UsageProjector projector, LedgerOptions options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.UsageProjection.Enabled ? projector.RunAsync(options.UsageProjection, TimeProvider.System, stoppingToken) : Task.CompletedTask;
}

using Credits.Ledger;
using Credits.Ledger.Data;

namespace Credits.Server.Hosting;

/// <summary>
/// Prepares the ledger while the host starts, before the sweeper runs and before Kestrel accepts a
/// call: applies pending schema migrations, then builds the ledger and its dependencies. A database
/// that cannot be migrated stops the server from starting.
/// </summary>
internal sealed partial class LedgerStartupService(LedgerDatabase database, IServiceProvider services, ILogger<LedgerStartupService> logger)
    : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        database.Migrate();
        // Built now rather than on the first call, so the price catalogue takes the validated
        // start-up prices and a bad edit to appsettings.json before that call cannot leave it without any.
        services.GetRequiredService<CreditLedger>();
        LogReady(database.Provider);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // The connection string is not logged: it may carry a password.
    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger ready; database schema up to date on {Provider}")]
    private partial void LogReady(DatabaseProvider provider);
}

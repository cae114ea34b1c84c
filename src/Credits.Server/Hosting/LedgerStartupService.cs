using Credits.Ledger;
using Credits.Ledger.Data;
using Credits.Server.Data;
using Microsoft.Extensions.Options;

namespace Credits.Server.Hosting;

/// <summary>
/// Prepares the ledger while the host starts, before the sweeper runs and before Kestrel accepts a
/// call: applies pending schema migrations, then builds the ledger and its dependencies. A database
/// that cannot be migrated stops the server from starting.
/// </summary>
internal sealed partial class LedgerStartupService(
    LedgerDatabase database,
    IOptions<DatabaseOptions> databaseOptions,
    IServiceProvider services,
    ILogger<LedgerStartupService> logger)
    : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var unsafeSettings = await database.FindUnsafeDurabilitySettingsAsync(cancellationToken);
        if (unsafeSettings.Count > 0)
        {
            var settings = string.Join(", ", unsafeSettings);
            if (databaseOptions.Value.UnsafeDurability == DurabilityPolicy.Refuse)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL runs with {settings}: a crash could lose commits the ledger has acknowledged. Turn them on, " +
                    "or set Database:UnsafeDurability=Warn for a throwaway database.");
            }
            LogUnsafeDurability(settings);
        }
        database.Migrate();
        // Built now rather than on the first call, so the price catalogue takes the validated
        // start-up prices and a bad edit to appsettings.json before that call cannot leave it without any.
        services.GetRequiredService<CreditLedger>();
        LogReady(database.Provider);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // Said once at start, so nobody has to guess which file holds the balances.
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
            LogSqliteFile(file);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error,
        Message = "PostgreSQL runs with {Settings}: a crash can lose acknowledged commits. Running anyway because Database:UnsafeDurability=Warn")]
    private partial void LogUnsafeDurability(string settings);

    // The connection string is not logged: it may carry a password.
    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger ready; database schema up to date on {Provider}")]
    private partial void LogReady(DatabaseProvider provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite database file {Path}")]
    private partial void LogSqliteFile(string path);
}

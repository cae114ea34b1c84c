using Credits.Ledger.Keys;
using Microsoft.Extensions.Options;

namespace Credits.Server.Auth;

/// <summary>
/// Keeps <see cref="ApiKeyStore"/>'s snapshot of stored keys current: loads it while the host starts
/// (after the migrations, before Kestrel takes a call), then every <see cref="ApiKeyOptions.KeyRefreshInterval"/>,
/// and at once when this instance mints or revokes a key. Refreshes run one at a time, so an older read
/// can never overwrite a newer one. A failed periodic refresh keeps the last snapshot and is logged.
/// </summary>
public sealed partial class ApiKeyRefreshService(
    ApiKeyRegistry registry,
    ApiKeyStore store,
    IOptions<ApiKeyOptions> options,
    TimeProvider time,
    ILogger<ApiKeyRefreshService> logger)
    : BackgroundService, IHostedLifecycleService
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Reads the active stored keys and replaces the snapshot with them.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            store.ReplaceStoredKeys(await registry.LoadActiveAsync(cancellationToken));
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>The first load; a database that cannot be read stops the host from starting, as migrations do.</summary>
    public Task StartingAsync(CancellationToken cancellationToken) => RefreshAsync(cancellationToken);

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public override void Dispose()
    {
        _oneAtATime.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeyRefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RefreshAsync(stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    LogRefreshFailed(error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the stored API keys; the last snapshot stays in force")]
    private partial void LogRefreshFailed(Exception error);
}

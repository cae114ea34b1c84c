using Microsoft.Extensions.Options;

namespace Credits.Server.Stripe;

/// <summary>
/// The <c>Stripe</c> settings in force. Edits to the configuration take effect without a restart;
/// a reload that fails validation is logged by the options system and leaves the previous settings
/// in force, so a typo in a pack never takes checkout or the webhook down.
/// </summary>
/// <remarks>
/// Also a hosted service, only so that it is created at start-up, right after validation, and so
/// holds valid settings before any reload can happen.
/// </remarks>
public sealed partial class StripeSettings : IHostedService, IDisposable
{
    private readonly ILogger<StripeSettings> _logger;
    private readonly IDisposable? _subscription;
    private volatile StripeOptions _current;

    /// <summary>Takes the validated settings now and after every valid reload.</summary>
    public StripeSettings(IOptionsMonitor<StripeOptions> options, ILogger<StripeSettings> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _current = options.CurrentValue;
        // The monitor validates before it notifies, so only valid settings arrive here.
        _subscription = options.OnChange(Reload);
    }

    /// <summary>The settings in force.</summary>
    public StripeOptions Current => _current;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public void Dispose() => _subscription?.Dispose();

    private void Reload(StripeOptions options)
    {
        _current = options;
        LogReloaded(options.Packs.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe settings reloaded with {PackCount} packs")]
    private partial void LogReloaded(int packCount);
}

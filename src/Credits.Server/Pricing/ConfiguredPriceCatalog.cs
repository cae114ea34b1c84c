using System.Collections.Frozen;
using Credits.Ledger.Pricing;
using Microsoft.Extensions.Options;

namespace Credits.Server.Pricing;

/// <summary>
/// The price catalogue from configuration (<c>Ledger:Features</c>). Edits to appsettings.json take
/// effect without a restart; a reload that fails validation leaves the previous prices in force.
/// </summary>
internal sealed partial class ConfiguredPriceCatalog : IPriceCatalog, IDisposable
{
    private readonly ILogger<ConfiguredPriceCatalog> _logger;
    private readonly IDisposable? _subscription;
    private volatile FrozenDictionary<string, long> _prices;

    public ConfiguredPriceCatalog(IOptionsMonitor<PriceCatalogOptions> options, ILogger<ConfiguredPriceCatalog> logger)
    {
        _logger = logger;
        _prices = Snapshot(options.CurrentValue);
        // The monitor validates before it notifies, so only valid catalogues arrive here.
        _subscription = options.OnChange(Reload);
    }

    public bool TryGetPrice(string feature, out long creditsPerUnit) => _prices.TryGetValue(feature, out creditsPerUnit);

    public void Dispose() => _subscription?.Dispose();

    private void Reload(PriceCatalogOptions options)
    {
        _prices = Snapshot(options);
        LogReloaded(_prices.Count);
    }

    private static FrozenDictionary<string, long> Snapshot(PriceCatalogOptions options) =>
        options.Features.ToFrozenDictionary(StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Price catalogue reloaded with {FeatureCount} features")]
    private partial void LogReloaded(int featureCount);
}

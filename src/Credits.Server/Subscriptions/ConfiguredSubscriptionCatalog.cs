using System.Collections.Frozen;
using Credits.Ledger.Subscriptions;
using Microsoft.Extensions.Options;

namespace Credits.Server.Subscriptions;

/// <summary>
/// The tier catalogue from <c>Subscriptions:Tiers</c>. Edits take effect without a restart; a reload
/// that fails validation is logged by the options system and the previous catalogue stays in force.
/// </summary>
internal sealed partial class ConfiguredSubscriptionCatalog : ISubscriptionCatalog, IDisposable
{
    private readonly ILogger<ConfiguredSubscriptionCatalog> _logger;
    private readonly IDisposable? _subscription;
    private volatile Snapshot _current;

    public ConfiguredSubscriptionCatalog(IOptionsMonitor<SubscriptionOptions> options, ILogger<ConfiguredSubscriptionCatalog> logger)
    {
        _logger = logger;
        _current = Build(options.CurrentValue);
        // The monitor validates before it notifies, so only valid catalogues arrive here.
        _subscription = options.OnChange(changed =>
        {
            _current = Build(changed);
            LogReloaded(_current.Tiers.Count);
        });
    }

    public SubscriptionTier? Find(string tierId) => _current.Tiers.GetValueOrDefault(tierId);

    public SubscriptionTier? FindByPrice(string priceId) => _current.ByPrice.GetValueOrDefault(priceId);

    public void Dispose() => _subscription?.Dispose();

    private static Snapshot Build(SubscriptionOptions options)
    {
        var tiers = options.Tiers.ToFrozenDictionary(
            pair => pair.Key,
            pair => new SubscriptionTier(pair.Key, pair.Value.Credits, pair.Value.RolloverCap, pair.Value.RolloverPeriods, pair.Value.PeriodMonths,
                pair.Value.Upgrade, pair.Value.PriceIds.ToList()),
            StringComparer.Ordinal);
        var byPrice = tiers.Values.SelectMany(tier => tier.PriceIds.Select(price => (price, tier)))
            .ToFrozenDictionary(pair => pair.price, pair => pair.tier, StringComparer.Ordinal);
        return new Snapshot(tiers, byPrice);
    }

    private sealed record Snapshot(FrozenDictionary<string, SubscriptionTier> Tiers, FrozenDictionary<string, SubscriptionTier> ByPrice);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription tier catalogue reloaded with {TierCount} tiers")]
    private partial void LogReloaded(int tierCount);
}

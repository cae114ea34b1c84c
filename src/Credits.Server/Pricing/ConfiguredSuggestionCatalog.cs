using Credits.Ledger.Analytics;
using Credits.Server.Subscriptions;
using Microsoft.Extensions.Options;

namespace Credits.Server.Pricing;

/// <summary>
/// What GetSuggestions compares against, from configuration: feature prices and their cheaper
/// variants (<c>Ledger:Features</c>, <c>Ledger:Alternatives</c>) and the tiers with a price
/// (<c>Subscriptions:Tiers:*:UnitAmount</c> and <c>Currency</c>). Reloads as the catalogues do: the
/// monitors notify only valid options, so an invalid edit leaves the last catalogue in force.
/// </summary>
internal sealed class ConfiguredSuggestionCatalog : IDisposable
{
    private readonly IDisposable? _prices;
    private readonly IDisposable? _tiers;
    private volatile SuggestionCatalog _current;
    private PriceCatalogOptions _priceOptions;
    private SubscriptionOptions _tierOptions;

    public ConfiguredSuggestionCatalog(IOptionsMonitor<PriceCatalogOptions> prices, IOptionsMonitor<SubscriptionOptions> tiers)
    {
        _priceOptions = prices.CurrentValue;
        _tierOptions = tiers.CurrentValue;
        _current = Build(_priceOptions, _tierOptions);
        _prices = prices.OnChange(options => _current = Build(_priceOptions = options, _tierOptions));
        _tiers = tiers.OnChange(options => _current = Build(_priceOptions, _tierOptions = options));
    }

    public SuggestionCatalog Current => _current;

    public void Dispose()
    {
        _prices?.Dispose();
        _tiers?.Dispose();
    }

    private static SuggestionCatalog Build(PriceCatalogOptions prices, SubscriptionOptions tiers) => new(
        new Dictionary<string, long>(prices.Features, StringComparer.Ordinal),
        new Dictionary<string, string>(prices.Alternatives, StringComparer.Ordinal),
        [.. tiers.Tiers.Where(tier => tier.Value.UnitAmount > 0)
            .Select(tier => new TierOffer(tier.Key, tier.Value.Credits, tier.Value.PeriodMonths, tier.Value.UnitAmount, tier.Value.Currency))]);
}

using Credits.Ledger.Subscriptions;

namespace Credits.Ledger.Tests.Subscriptions;

/// <summary>The tier catalogue of the subscription specifications; a test may swap tiers in and out.</summary>
public sealed class TestTiers : ISubscriptionCatalog
{
    /// <summary>100 credits a month; up to 30 unused roll over, for one more month.</summary>
    public static readonly SubscriptionTier Basic = new("basic", 100, 30, 1, 1, UpgradeGrant.Prorated, ["price_basic"]);

    /// <summary>400 credits a month; up to 100 roll over, for two more months; upgrades to it are prorated.</summary>
    public static readonly SubscriptionTier Pro = new("pro", 400, 100, 2, 1, UpgradeGrant.Prorated, ["price_pro"]);

    /// <summary>Like <see cref="Pro"/>, but an upgrade to it grants the whole difference.</summary>
    public static readonly SubscriptionTier ProWhole = new("pro-whole", 400, 100, 2, 1, UpgradeGrant.Whole, ["price_pro_whole"]);

    public Dictionary<string, SubscriptionTier> Tiers { get; } = new[] { Basic, Pro, ProWhole }.ToDictionary(tier => tier.TierId);

    public SubscriptionTier? Find(string tierId) => Tiers.GetValueOrDefault(tierId);

    public SubscriptionTier? FindByPrice(string priceId) => Tiers.Values.FirstOrDefault(tier => tier.PriceIds.Contains(priceId));
}

using Credits.Ledger.Subscriptions;
using Credits.Server.Subscriptions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Credits.Server.Tests.Subscriptions;

/// <summary>The tier catalogue: what configuration is accepted, and how a tier is found by id or Stripe price.</summary>
public sealed class TierCatalogueTests
{
    private static SubscriptionOptions Catalogue(Action<Dictionary<string, SubscriptionTierOptions>>? change = null)
    {
        var options = new SubscriptionOptions();
        options.Tiers["basic"] = new SubscriptionTierOptions { Credits = 100, PriceIds = ["price_basic"], RolloverCap = 30, RolloverPeriods = 1 };
        options.Tiers["pro"] = new SubscriptionTierOptions { Credits = 400, PriceIds = ["price_pro", "price_pro_yearly"], Upgrade = UpgradeGrant.Whole };
        change?.Invoke(options.Tiers);
        return options;
    }

    private static List<string> Failures(SubscriptionOptions options) =>
        new SubscriptionOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Test]
    public void A_tier_catalogue_with_credits_prices_rollover_and_upgrade_policy_is_accepted()
    {
        Assert.That(Failures(Catalogue()), Is.Empty);
    }

    [Test]
    public void A_price_that_sells_two_tiers_is_refused()
    {
        var failures = Failures(Catalogue(tiers => tiers["pro"].PriceIds.Add("price_basic")));

        Assert.That(failures, Has.Some.Contains("price_basic already sells tier basic"));
    }

    [Test]
    public void A_rollover_cap_above_the_allowance_and_a_period_out_of_range_are_refused()
    {
        var failures = Failures(Catalogue(tiers =>
        {
            tiers["basic"].RolloverCap = 101;
            tiers["basic"].PeriodMonths = 0;
            tiers["pro"].Credits = 0;
        }));

        Assert.That(failures, Has.Some.Contains("Subscriptions:Tiers:basic:RolloverCap"));
        Assert.That(failures, Has.Some.Contains("Subscriptions:Tiers:basic:PeriodMonths"));
        Assert.That(failures, Has.Some.Contains("Subscriptions:Tiers:pro:Credits"));
    }

    [Test]
    public void A_tier_price_for_suggestions_needs_a_three_letter_currency_and_must_not_be_negative()
    {
        var failures = Failures(Catalogue(tiers =>
        {
            tiers["basic"].UnitAmount = 500;
            tiers["basic"].Currency = "dollars";
            tiers["pro"].UnitAmount = -1;
        }));

        Assert.That(failures.Count(failure => failure.Contains("UnitAmount must not be negative, and needs a three-letter Currency", StringComparison.Ordinal)),
            Is.EqualTo(2));
        Assert.That(Failures(Catalogue(tiers => (tiers["basic"].UnitAmount, tiers["basic"].Currency) = (500, "usd"))), Is.Empty);
    }

    [Test]
    public void The_catalogue_finds_a_tier_by_id_and_by_any_of_its_prices_with_its_rollover_terms()
    {
        var monitor = new StaticMonitor(Catalogue());
        using var catalogue = new ConfiguredSubscriptionCatalog(monitor, NullLogger<ConfiguredSubscriptionCatalog>.Instance);

        var pro = catalogue.FindByPrice("price_pro_yearly");
        var basic = catalogue.Find("basic")!;

        Assert.That((pro?.TierId, pro?.CreditsPerPeriod, pro?.UpgradeGrant), Is.EqualTo(("pro", 400L, UpgradeGrant.Whole)));
        var periodEnd = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.That(basic.RolloverExpiresAt(periodEnd), Is.EqualTo(periodEnd.AddMonths(1)), "a basic rollover lives one more period");
        Assert.That(catalogue.Find("pro")!.RolloverExpiresAt(periodEnd), Is.Null, "pro rolls nothing over");
        Assert.That(catalogue.FindByPrice("price_unknown"), Is.Null);
    }

    private sealed class StaticMonitor(SubscriptionOptions value) : IOptionsMonitor<SubscriptionOptions>
    {
        public SubscriptionOptions CurrentValue => value;

        public SubscriptionOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<SubscriptionOptions, string?> listener) => null;
    }
}

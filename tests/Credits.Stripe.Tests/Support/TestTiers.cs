namespace Credits.Stripe.Tests.Support;

/// <summary>The subscription tier catalogue every test server is configured with.</summary>
public static class TestTiers
{
    /// <summary>100 credits a month; up to 30 unused roll over for one more month.</summary>
    public const string Basic = "basic";
    public const string BasicPrice = "price_basic_monthly";
    public const long BasicCredits = 100;
    public const long BasicRolloverCap = 30;

    /// <summary>400 credits a month; up to 100 roll over for two more months; upgrades to it are prorated.</summary>
    public const string Pro = "pro";
    public const string ProPrice = "price_pro_monthly";
    public const long ProCredits = 400;
    public const long ProRolloverCap = 100;

    /// <summary>1,000 credits a month, no rollover; an upgrade to it grants the whole difference at once.</summary>
    public const string Max = "max";
    public const string MaxPrice = "price_max_monthly";
    public const long MaxCredits = 1000;

    /// <summary>Settings for the test server's <c>Subscriptions</c> section.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Configuration() => new Dictionary<string, string?>
    {
        ["Subscriptions:Tiers:basic:Credits"] = "100",
        ["Subscriptions:Tiers:basic:PriceIds:0"] = BasicPrice,
        ["Subscriptions:Tiers:basic:RolloverCap"] = "30",
        ["Subscriptions:Tiers:basic:RolloverPeriods"] = "1",
        ["Subscriptions:Tiers:pro:Credits"] = "400",
        ["Subscriptions:Tiers:pro:PriceIds:0"] = ProPrice,
        ["Subscriptions:Tiers:pro:RolloverCap"] = "100",
        ["Subscriptions:Tiers:pro:RolloverPeriods"] = "2",
        ["Subscriptions:Tiers:pro:Upgrade"] = "Prorated",
        ["Subscriptions:Tiers:max:Credits"] = "1000",
        ["Subscriptions:Tiers:max:PriceIds:0"] = MaxPrice,
        ["Subscriptions:Tiers:max:Upgrade"] = "Whole",
        // The tests run renewals themselves; the timer of the fake clock never fires on its own.
        ["Subscriptions:RenewalInterval"] = "01:00:00",
    };
}

using Credits.Ledger.Subscriptions;

namespace Credits.Server.Subscriptions;

/// <summary>One tier of <c>Subscriptions:Tiers</c>.</summary>
public sealed class SubscriptionTierOptions
{
    /// <summary>Credits allocated every period (a <c>subscription</c> lot expiring at the period's end).</summary>
    public long Credits { get; set; }

    /// <summary>The Stripe prices that sell this tier; an invoice or subscription for another price is kept as unapplied.</summary>
    public List<string> PriceIds { get; set; } = [];

    /// <summary>The most unused credits of a period carried over into a <c>rollover</c> lot; 0 for none.</summary>
    public long RolloverCap { get; set; }

    /// <summary>How many periods a rollover lot lives after its period ends; 0 for no rollover.</summary>
    public int RolloverPeriods { get; set; }

    /// <summary>The billing period in months (manual subscriptions renew on it); 1 by default.</summary>
    public int PeriodMonths { get; set; } = 1;

    /// <summary>
    /// The tier's price per period in the currency's minor units (cents), as its Stripe price says;
    /// only GetSuggestions reads it, to compare the tier with the packs an account bought. 0: unknown.
    /// </summary>
    public long UnitAmount { get; set; }

    /// <summary>The ISO 4217 currency of <see cref="UnitAmount"/> (for example <c>usd</c>); required with it.</summary>
    public string Currency { get; set; } = "";

    /// <summary>What an upgrade to this tier grants at once: <c>Prorated</c> (default) or <c>Whole</c> difference.</summary>
    public UpgradeGrant Upgrade { get; set; } = UpgradeGrant.Prorated;
}

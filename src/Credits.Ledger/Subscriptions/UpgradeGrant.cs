namespace Credits.Ledger.Subscriptions;

/// <summary>What an upgrade during a period grants at once.</summary>
public enum UpgradeGrant
{
    /// <summary>The difference between the tiers' allowances, scaled by the share of the period left (rounded down).</summary>
    Prorated = 0,
    /// <summary>The whole difference between the tiers' allowances.</summary>
    Whole = 1,
}

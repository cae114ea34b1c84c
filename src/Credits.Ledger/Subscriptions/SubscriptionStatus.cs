namespace Credits.Ledger.Subscriptions;

/// <summary>Where a subscription stands. Values are stored; never renumber them.</summary>
public enum SubscriptionStatus
{
    /// <summary>Allocates every period.</summary>
    Active = 1,
    /// <summary>Allocates nothing more; what it granted stays until it expires.</summary>
    Canceled = 2,
}

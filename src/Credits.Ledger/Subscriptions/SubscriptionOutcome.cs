namespace Credits.Ledger.Subscriptions;

/// <summary>What a subscription report did.</summary>
public enum SubscriptionOutcome
{
    /// <summary>The ledger changed.</summary>
    Applied,
    /// <summary>Already applied (a duplicate, or a report that changes nothing).</summary>
    Unchanged,
    /// <summary>Not about subscription credits.</summary>
    Ignored,
    /// <summary>Could not be applied (an unknown price or account): kept for replay.</summary>
    Unapplied,
}

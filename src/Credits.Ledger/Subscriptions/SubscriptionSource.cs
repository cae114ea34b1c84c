namespace Credits.Ledger.Subscriptions;

/// <summary>Who bills a subscription. Values are stored; never renumber them.</summary>
public enum SubscriptionSource
{
    /// <summary>Stripe: invoices and subscription events drive it.</summary>
    Stripe = 1,
    /// <summary>An operator (an enterprise contract): admin calls start, change and cancel it; the ledger renews it.</summary>
    Manual = 2,
}

namespace Credits.Stripe.Tests.Support;

/// <summary>Which API version's shape a subscription object is built in.</summary>
public enum StripeShape
{
    /// <summary>Since 2025-03-31 (basil): the invoice names its subscription at parent.subscription_details, a line its price at pricing.price_details, a subscription its period on its items.</summary>
    Newer,
    /// <summary>Before: top-level invoice.subscription and subscription_details, line price and plan, top-level current_period_*.</summary>
    Older,
}

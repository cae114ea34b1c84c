namespace Credits.Ledger.Subscriptions;

/// <summary>Why a subscription invoice was made (Stripe's <c>billing_reason</c>).</summary>
public enum InvoiceReason
{
    /// <summary>Anything else (manual invoices, thresholds): no credits.</summary>
    Other,
    /// <summary>The first period (<c>subscription_create</c>).</summary>
    Create,
    /// <summary>A renewal (<c>subscription_cycle</c>).</summary>
    Cycle,
    /// <summary>A change of plan during a period (<c>subscription_update</c>).</summary>
    Update,
}

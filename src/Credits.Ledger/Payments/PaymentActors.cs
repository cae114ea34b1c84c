namespace Credits.Ledger.Payments;

/// <summary>The actor the ledger journals for changes a payment provider caused.</summary>
public static class PaymentActors
{
    /// <summary>
    /// Scopes the idempotency keys of every payment command (<c>stripe:purchase:{session}</c>, ...);
    /// no API key should take this name.
    /// </summary>
    public const string Stripe = "stripe";
}

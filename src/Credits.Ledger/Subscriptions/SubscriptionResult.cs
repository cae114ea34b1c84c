namespace Credits.Ledger.Subscriptions;

/// <summary>The outcome of a subscription report; for <see cref="SubscriptionOutcome.Unapplied"/>, why.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Reason">For an unapplied report: <c>unknown_price</c> or <c>unknown_account</c>.</param>
/// <param name="Detail">For an unapplied report: the price or subscription it could not place.</param>
public sealed record SubscriptionResult(SubscriptionOutcome Outcome, string? Reason = null, string? Detail = null)
{
    /// <summary>The report changed the ledger.</summary>
    public static SubscriptionResult Applied { get; } = new(SubscriptionOutcome.Applied);

    /// <summary>Nothing left to do.</summary>
    public static SubscriptionResult Unchanged { get; } = new(SubscriptionOutcome.Unchanged);

    /// <summary>Not about subscription credits.</summary>
    public static SubscriptionResult Ignored { get; } = new(SubscriptionOutcome.Ignored);

    /// <summary>The report names a price no tier sells.</summary>
    public static SubscriptionResult UnknownPrice(string priceId) => new(SubscriptionOutcome.Unapplied, "unknown_price", priceId);

    /// <summary>The report names no account this ledger can hold.</summary>
    public static SubscriptionResult UnknownAccount(string subscriptionId) => new(SubscriptionOutcome.Unapplied, "unknown_account", subscriptionId);
}

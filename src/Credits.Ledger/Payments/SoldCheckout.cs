namespace Credits.Ledger.Payments;

/// <summary>What a checkout session was sold for, as recorded when it was created.</summary>
/// <param name="SessionId">The provider's session id (cs_...).</param>
/// <param name="AccountId">The account the credits go to.</param>
/// <param name="Pack">The pack as it was on sale then: its credits are what the payment grants.</param>
/// <param name="AmountTotal">What the provider said the session charges, in the currency's minor unit; null if it did not say.</param>
/// <param name="Currency">The ISO currency code of <paramref name="AmountTotal"/>.</param>
/// <param name="CreatedAt">When the session was recorded.</param>
public sealed record SoldCheckout(string SessionId, string AccountId, CreditPack Pack, long? AmountTotal, string? Currency, DateTimeOffset CreatedAt)
{
    /// <summary>The locale the buyer's page asked for (a BCP 47 tag); null when none: the receipt's language.</summary>
    public string? Locale { get; init; }
}

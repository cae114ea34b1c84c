namespace Credits.Ledger.Payments.Offers;

/// <summary>Why an account may not buy a pack now: the <c>why</c> of OFFER_NOT_AVAILABLE.</summary>
public static class OfferRefusal
{
    /// <summary>Before <see cref="PackOffer.AvailableFrom"/>.</summary>
    public const string NotStarted = "not_started";

    /// <summary>At or after <see cref="PackOffer.AvailableUntil"/>.</summary>
    public const string Ended = "ended";

    /// <summary>The account holds <see cref="PackOffer.MaxPerAccount"/> paid or open checkouts of the pack.</summary>
    public const string LimitReached = "limit_reached";

    /// <summary>The account already paid for a pack.</summary>
    public const string FirstPurchaseOnly = "first_purchase_only";
}

namespace Credits.Ledger.Payments.Offers;

/// <summary>
/// The one rule saying whether an account may buy a pack at an instant. The window is
/// [<see cref="PackOffer.AvailableFrom"/>, <see cref="PackOffer.AvailableUntil"/>): open at its
/// start, closed at its end. The per-account terms count the account's live claims (paid, or open
/// checkouts that may still be paid) so that an abandoned checkout frees its place once it lapses.
/// </summary>
public static class OfferRule
{
    /// <summary>Null when the window is open at <paramref name="now"/>; otherwise <see cref="OfferRefusal.NotStarted"/> or <see cref="OfferRefusal.Ended"/>.</summary>
    public static string? RefuseWindow(PackOffer offer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(offer);
        if (offer.AvailableFrom is { } from && now < from)
        {
            return OfferRefusal.NotStarted;
        }
        return offer.AvailableUntil is { } until && now >= until ? OfferRefusal.Ended : null;
    }

    /// <summary>Null when the account may buy the pack now; otherwise why not.</summary>
    /// <param name="offer">The pack's terms.</param>
    /// <param name="now">The clock's now.</param>
    /// <param name="liveClaims">The account's live claims on this pack.</param>
    /// <param name="hasPurchased">Whether the account ever paid for a pack.</param>
    public static string? Refuse(PackOffer offer, DateTimeOffset now, int liveClaims, bool hasPurchased)
    {
        if (RefuseWindow(offer, now) is { } closed)
        {
            return closed;
        }
        if (offer.FirstPurchaseOnly && hasPurchased)
        {
            return OfferRefusal.FirstPurchaseOnly;
        }
        return offer.ClaimLimit is { } limit && liveClaims >= limit ? OfferRefusal.LimitReached : null;
    }
}

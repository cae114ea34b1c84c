using Credits.Ledger.Payments.Offers;

namespace Credits.Server.Stripe;

/// <summary>
/// Applies the packs' offer terms (<see cref="OfferRule"/>) at the clock's now: CreateCheckoutSession
/// is refused OFFER_NOT_AVAILABLE for a pack the account may not buy, and ListPacks shows only the
/// packs it may. Only a limited offer (a per-account limit or first-purchase-only) reads the database.
/// </summary>
public sealed class OfferGate(OfferClaimStore claims, TimeProvider time)
{
    /// <summary>
    /// Admits a checkout of the pack, taking one of the account's places on a limited offer: the
    /// claim's key (to attach the session to, or release if Stripe fails), or null for an unlimited
    /// pack. Throws OFFER_NOT_AVAILABLE with the reason when the account may not buy it now.
    /// </summary>
    public async Task<string?> AdmitAsync(string accountId, string packId, PackOffer offer, string claimKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var now = Now();
        if (OfferRule.RefuseWindow(offer, now) is { } closed)
        {
            throw StripeErrors.OfferNotAvailable(packId, closed);
        }
        if (offer.ClaimLimit is not { } limit)
        {
            return null;
        }
        if (offer.FirstPurchaseOnly && await claims.HasPurchasedAsync(accountId, cancellationToken))
        {
            throw StripeErrors.OfferNotAvailable(packId, OfferRefusal.FirstPurchaseOnly);
        }
        if (!await claims.ClaimAsync(accountId, packId, claimKey, limit, now, cancellationToken))
        {
            throw StripeErrors.OfferNotAvailable(packId, OfferRefusal.LimitReached);
        }
        return claimKey;
    }

    /// <summary>Names the session a claimed checkout created: its payment keeps the place for good.</summary>
    public Task AttachAsync(string accountId, string packId, string claimKey, string sessionId, CancellationToken cancellationToken) =>
        claims.AttachSessionAsync(accountId, packId, claimKey, sessionId, cancellationToken);

    /// <summary>Gives back the place of a checkout Stripe did not create.</summary>
    public Task ReleaseAsync(string accountId, string packId, string claimKey, CancellationToken cancellationToken) =>
        claims.ReleaseAsync(accountId, packId, claimKey, cancellationToken);

    /// <summary>
    /// Which packs may be bought now: by <paramref name="accountId"/> when given (its limits and
    /// purchases count), else by anyone (only the windows count).
    /// </summary>
    public async Task<Func<string, PackOffer, bool>> OnSaleAsync(string accountId, IReadOnlyCollection<PackOffer> offers,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offers);
        var now = Now();
        if (accountId.Length == 0 || !offers.Any(offer => offer.DependsOnAccount))
        {
            return (_, offer) => OfferRule.RefuseWindow(offer, now) is null;
        }
        var live = await claims.LiveCountsAsync(accountId, now, cancellationToken);
        var purchased = offers.Any(offer => offer.FirstPurchaseOnly) && await claims.HasPurchasedAsync(accountId, cancellationToken);
        return (packId, offer) => OfferRule.Refuse(offer, now, live.GetValueOrDefault(packId), purchased) is null;
    }

    // Whole milliseconds, as the ledger stores instants: a window edge compares the same here and in the database.
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
}

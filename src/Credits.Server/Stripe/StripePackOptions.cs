using Credits.Ledger.Payments.Offers;

namespace Credits.Server.Stripe;

/// <summary>One pack of the catalogue (<c>Stripe:Packs:{packId}</c>).</summary>
public sealed class StripePackOptions
{
    /// <summary>A display name; the pack id when empty.</summary>
    public string Name { get; set; } = "";

    /// <summary>Purchased credits granted when the payment succeeds.</summary>
    public long Credits { get; set; }

    /// <summary>Bonus credits granted with them as a separate promo lot.</summary>
    public long BonusCredits { get; set; }

    /// <summary>The Stripe price (<c>price_...</c>) the checkout charges.</summary>
    public string PriceId { get; set; } = "";

    /// <summary>How many months the credits last after the purchase; unset means they never expire.</summary>
    public int? ValidityMonths { get; set; }

    /// <summary>The price to display, in the currency's minor unit; display only, Stripe's price is charged.</summary>
    public long? UnitAmount { get; set; }

    /// <summary>The display price's currency ("usd").</summary>
    public string Currency { get; set; } = "";

    /// <summary>The first instant the pack is on sale (an offer's start); unset: since ever.</summary>
    public DateTimeOffset? AvailableFrom { get; set; }

    /// <summary>The instant the pack stops being on sale (exclusive); unset: for ever. A session created before is still granted when paid later.</summary>
    public DateTimeOffset? AvailableUntil { get; set; }

    /// <summary>How many times one account may buy the pack (paid and open checkouts count); unset: no limit.</summary>
    public int? MaxPerAccount { get; set; }

    /// <summary>Only an account that never paid for a pack may buy it (once, unless <see cref="MaxPerAccount"/> says otherwise).</summary>
    public bool FirstPurchaseOnly { get; set; }

    /// <summary>A bundle's further lots, granted with <see cref="Credits"/> in one transaction; empty for a one-lot pack.</summary>
    public List<StripePackLotOptions> Lots { get; set; } = [];

    /// <summary>A short display label for the product page ("Save 20%"); display only, nothing is computed from it.</summary>
    public string Label { get; set; } = "";

    /// <summary>The pack's offer terms, as the ledger's rule reads them.</summary>
    public PackOffer Offer() => new(AvailableFrom, AvailableUntil, MaxPerAccount, FirstPurchaseOnly);
}

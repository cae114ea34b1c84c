namespace Credits.Server.Stripe;

/// <summary>One further lot of a bundle (<c>Stripe:Packs:{packId}:Lots:{n}</c>), granted beside the pack's credits.</summary>
public sealed class StripePackLotOptions
{
    /// <summary>The lot's bucket by name: purchased, promo, gift or free (case-insensitive).</summary>
    public string Bucket { get; set; } = "";

    /// <summary>The lot's credits; more than zero.</summary>
    public long Credits { get; set; }

    /// <summary>How many days the lot lasts after the purchase; unset means it never expires.</summary>
    public int? ValidityDays { get; set; }

    /// <summary>The features the lot pays for (feature-scoped credits, docs/features.md); empty: unscoped.</summary>
    public List<string> Features { get; set; } = [];
}

namespace Credits.Ledger.Pricing;

/// <summary>Endpoint prices: feature name to credits per unit. Implementations may reload.</summary>
public interface IPriceCatalog
{
    /// <summary>Finds the price of <paramref name="feature"/>, in credits per unit.</summary>
    bool TryGetPrice(string feature, out long creditsPerUnit);
}

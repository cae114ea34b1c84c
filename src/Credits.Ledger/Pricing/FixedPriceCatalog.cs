namespace Credits.Ledger.Pricing;

/// <summary>A catalogue that never changes, for tools and tests.</summary>
public sealed class FixedPriceCatalog(IReadOnlyDictionary<string, long> prices) : IPriceCatalog
{
    /// <inheritdoc />
    public bool TryGetPrice(string feature, out long creditsPerUnit) => prices.TryGetValue(feature, out creditsPerUnit);
}

namespace Credits.Server.Pricing;

/// <summary>
/// The price catalogue, bound from <c>Ledger:Features</c> (feature name to credits per unit) and
/// <c>Ledger:Alternatives</c> (feature name to a cheaper variant of it, which GetSuggestions proposes).
/// </summary>
public sealed class PriceCatalogOptions
{
    /// <summary>Feature name (1 to 128 printable ASCII characters) to its price in credits per unit (1 or more).</summary>
    public Dictionary<string, long> Features { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Feature name to a cheaper variant (both in <see cref="Features"/>, the variant priced lower).</summary>
    public Dictionary<string, string> Alternatives { get; set; } = new(StringComparer.Ordinal);
}

using Credits.Server.Pricing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credits.Server.Tests.Pricing;

/// <summary>
/// Ledger:Alternatives declares a cheaper variant of a feature for GetSuggestions: both must be
/// priced, the variant lower; a catalogue that breaks this is refused with the entry named.
/// </summary>
public sealed class AlternativesTests
{
    private static List<string> Failures(Dictionary<string, string> alternatives)
    {
        var options = new PriceCatalogOptions
        {
            Features = new(StringComparer.Ordinal) { ["image.generate"] = 5, ["image.draft"] = 2 },
            Alternatives = alternatives,
        };
        return new PriceCatalogOptionsValidator(NullLogger<PriceCatalogOptionsValidator>.Instance).Validate(null, options).Failures?.ToList() ?? [];
    }

    [Test]
    public void A_cheaper_priced_variant_is_accepted()
    {
        Assert.That(Failures(new() { ["image.generate"] = "image.draft" }), Is.Empty);
    }

    [Test]
    public void A_variant_that_costs_more_is_refused()
    {
        Assert.That(Failures(new() { ["image.draft"] = "image.generate" }).Single(),
            Is.EqualTo("Ledger:Alternatives:image.draft: 'image.generate' (5 a unit) must cost less than 'image.draft' (2)."));
    }

    [Test]
    public void A_variant_without_a_price_is_refused()
    {
        Assert.That(Failures(new() { ["image.generate"] = "image.sketch" }).Single(),
            Is.EqualTo("Ledger:Alternatives:image.generate: both 'image.generate' and 'image.sketch' must be priced in Ledger:Features."));
    }
}

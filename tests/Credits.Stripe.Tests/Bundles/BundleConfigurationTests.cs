using Credits.Ledger.Validation;
using Credits.Server.Stripe;

namespace Credits.Stripe.Tests.Bundles;

/// <summary>The start-up (and reload) check of a bundle's lots: each mistake gets a message naming its setting.</summary>
public sealed class BundleConfigurationTests
{
    private static IEnumerable<string> Failures(params StripePackLotOptions[] lots)
    {
        var options = new StripeOptions();
        options.Packs["bundle"] = new StripePackOptions { Credits = 100, PriceId = "price_bundle", Lots = [.. lots] };
        var result = new StripeOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures : [];
    }

    private static readonly string[] UnknownBuckets =
    [
        "Stripe:Packs:bundle:Lots:0:Bucket must be one of purchased, promo, gift, free; it is 'subscription'.",
        "Stripe:Packs:bundle:Lots:1:Bucket must be one of purchased, promo, gift, free; it is '8'.",
    ];

    [Test]
    public void A_bundle_of_known_buckets_positive_credits_and_valid_features_passes()
    {
        Assert.That(Failures(
            new StripePackLotOptions { Bucket = "Gift", Credits = 10, ValidityDays = 30 },
            new StripePackLotOptions { Bucket = "promo", Credits = 5, Features = ["image.generate", "image.generate"] }), Is.Empty);
    }

    [Test]
    public void An_unknown_or_ledger_owned_bucket_is_refused_naming_the_lot_and_the_allowed_buckets()
    {
        var failures = Failures(new StripePackLotOptions { Bucket = "subscription", Credits = 10 }, new StripePackLotOptions { Bucket = "8", Credits = 10 });

        Assert.That(failures, Is.EqualTo(UnknownBuckets));
    }

    [Test]
    public void An_empty_lot_a_bad_validity_or_a_bad_feature_is_refused_with_its_setting()
    {
        Assert.That(Failures(new StripePackLotOptions { Bucket = "gift", Credits = 0, ValidityDays = 0, Features = [""] }), Is.EqualTo(new[]
        {
            $"Stripe:Packs:bundle:Lots:0:Credits must be 1 to {Limits.AmountMax}; an empty lot grants nothing.",
            $"Stripe:Packs:bundle:Lots:0:ValidityDays must be 1 to {PackLots.ValidityDaysMax}, or unset for credits that never expire.",
            $"Stripe:Packs:bundle:Lots:0:Features:0 must be 1 to {Limits.FeatureLengthMax} printable ASCII characters (a feature as Reserve names it).",
        }));
    }

    [Test]
    public void A_bundle_of_too_many_lots_is_refused()
    {
        var lots = Enumerable.Range(0, PackLots.LotsMax + 1).Select(_ => new StripePackLotOptions { Bucket = "gift", Credits = 1 }).ToArray();

        Assert.That(Failures(lots), Is.EqualTo(new[]
        {
            $"Stripe:Packs:bundle:Lots has {PackLots.LotsMax + 1} lots; a bundle has at most {PackLots.LotsMax} beside its Credits.",
        }));
    }
}

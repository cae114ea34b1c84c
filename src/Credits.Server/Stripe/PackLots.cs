using Credits.Ledger.Lots;
using Credits.Ledger.Payments;
using Credits.Ledger.Validation;

namespace Credits.Server.Stripe;

/// <summary>A bundle's configured lots as the ledger grants them, and the checks their configuration must pass.</summary>
public static class PackLots
{
    /// <summary>A bundle has at most this many further lots (each is one more grant in the purchase's transaction).</summary>
    public const int LotsMax = 8;

    /// <summary>The longest validity a lot may have, in days.</summary>
    public const int ValidityDaysMax = 36500;

    /// <summary>The bucket a configured name means, or false for a name outside <see cref="PackLot.Buckets"/>.</summary>
    public static bool TryParseBucket(string name, out Bucket bucket) =>
        Enum.TryParse(name, ignoreCase: true, out bucket) && !int.TryParse(name, out _) && PackLot.Buckets.Contains(bucket);

    /// <summary>The lots in the form the ledger grants and stores (features distinct, in ordinal order); call on validated options only.</summary>
    public static IReadOnlyList<PackLot> ToPackLots(IEnumerable<StripePackLotOptions> lots) =>
        [.. lots.Select(lot => new PackLot(TryParseBucket(lot.Bucket, out var bucket) ? bucket : throw new InvalidOperationException(
                $"Unknown bucket '{lot.Bucket}': the configuration was not validated."), lot.Credits, lot.ValidityDays,
            [.. lot.Features.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))];

    /// <summary>Adds a precise message for each configuration mistake of the pack's lots.</summary>
    public static void Validate(string path, IReadOnlyList<StripePackLotOptions> lots, List<string> failures)
    {
        if (lots.Count > LotsMax)
        {
            failures.Add($"{path}:Lots has {lots.Count} lots; a bundle has at most {LotsMax} beside its Credits.");
        }
        for (var i = 0; i < lots.Count; i++)
        {
            var lot = lots[i];
            var lotPath = $"{path}:Lots:{i}";
            if (!TryParseBucket(lot.Bucket, out _))
            {
                failures.Add($"{lotPath}:Bucket must be one of {string.Join(", ", PackLot.Buckets.Select(b => b.ToString().ToLowerInvariant()))}; "
                             + $"it is '{lot.Bucket}'.");
            }
            if (lot.Credits < 1 || lot.Credits > Limits.AmountMax)
            {
                failures.Add($"{lotPath}:Credits must be 1 to {Limits.AmountMax}; an empty lot grants nothing.");
            }
            if (lot.ValidityDays is < 1 or > ValidityDaysMax)
            {
                failures.Add($"{lotPath}:ValidityDays must be 1 to {ValidityDaysMax}, or unset for credits that never expire.");
            }
            if (lot.Features.Distinct(StringComparer.Ordinal).Count() > Limits.LotFeaturesMax)
            {
                failures.Add($"{lotPath}:Features names more than {Limits.LotFeaturesMax} features.");
            }
            for (var f = 0; f < lot.Features.Count; f++)
            {
                var feature = lot.Features[f];
                if (string.IsNullOrEmpty(feature) || feature.Length > Limits.FeatureLengthMax || !feature.All(c => c is >= ' ' and <= '~'))
                {
                    failures.Add($"{lotPath}:Features:{f} must be 1 to {Limits.FeatureLengthMax} printable ASCII characters (a feature as Reserve names it).");
                }
            }
        }
    }
}

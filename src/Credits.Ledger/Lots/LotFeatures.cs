using System.Text.Json;
using Credits.Ledger.Errors;
using Credits.Ledger.Validation;

namespace Credits.Ledger.Lots;

/// <summary>
/// A feature-scoped lot's feature set: validated and normalised (distinct, ordinal order) once at
/// grant time, so that equal sets compare, fingerprint and store alike; stored as a JSON array in
/// <c>lots.features</c> ('' for an unscoped lot, the column's default, so old rows read as unscoped).
/// </summary>
internal static class LotFeatures
{
    /// <summary>The set in normal form; throws the INVALID_REQUEST naming the bad <c>features[i]</c>.</summary>
    public static IReadOnlyList<string> Normalise(IReadOnlyList<string>? features)
    {
        if (features is null || features.Count == 0)
        {
            return [];
        }
        for (var i = 0; i < features.Count; i++)
        {
            var feature = features[i];
            // The same rule as Reserve's feature, so every name a Reserve can ask for can be scoped.
            if (feature is null || feature.Length == 0 || feature.Length > Limits.FeatureLengthMax || !Text.IsPrintableAscii(feature))
            {
                throw LedgerErrors.Invalid($"features[{i}]", $"Each feature must be 1 to {Limits.FeatureLengthMax} printable ASCII characters.").ToException();
            }
        }
        var normal = features.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (normal.Length > Limits.LotFeaturesMax)
        {
            throw LedgerErrors.Invalid("features", $"A lot is scoped to at most {Limits.LotFeaturesMax} features.").ToException();
        }
        return normal;
    }

    /// <summary>The stored form: '' for none.</summary>
    public static string Write(IReadOnlyList<string> features) => features.Count == 0 ? "" : JsonSerializer.Serialize(features);

    /// <summary>Reads the stored form back.</summary>
    public static IReadOnlyList<string> Read(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : JsonSerializer.Deserialize<string[]>(stored) ?? [];
}

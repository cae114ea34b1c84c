using Credits.Ledger.Validation;
using Microsoft.Extensions.Options;

namespace Credits.Server.Pricing;

/// <summary>
/// Rejects a catalogue with unusable entries: at start-up the server refuses to run, and on a
/// reload the catalogue keeps its last valid prices. The rejection is logged here because a reload
/// has no caller to report it to.
/// </summary>
internal sealed partial class PriceCatalogOptionsValidator(ILogger<PriceCatalogOptionsValidator> logger) : IValidateOptions<PriceCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, PriceCatalogOptions options)
    {
        var failures = new List<string>();
        foreach (var (feature, creditsPerUnit) in options.Features)
        {
            if (feature.Length == 0 || feature.Length > Limits.FeatureLengthMax || feature.Any(c => c is < ' ' or > '~'))
            {
                failures.Add($"Ledger:Features: feature name '{feature}' must be 1 to {Limits.FeatureLengthMax} printable ASCII characters.");
            }
            if (creditsPerUnit <= 0 || creditsPerUnit > Limits.AmountMax)
            {
                failures.Add($"Ledger:Features:{feature} must be 1 to {Limits.AmountMax} credits per unit, not {creditsPerUnit}.");
            }
        }
        foreach (var (feature, alternative) in options.Alternatives)
        {
            if (!options.Features.TryGetValue(feature, out var price) || !options.Features.TryGetValue(alternative ?? "", out var cheaper))
            {
                failures.Add($"Ledger:Alternatives:{feature}: both '{feature}' and '{alternative}' must be priced in Ledger:Features.");
            }
            else if (cheaper >= price)
            {
                failures.Add($"Ledger:Alternatives:{feature}: '{alternative}' ({cheaper} a unit) must cost less than '{feature}' ({price}).");
            }
        }
        if (failures.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }
        LogRejected(string.Join(" ", failures));
        return ValidateOptionsResult.Fail(failures);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Price catalogue rejected; the previous prices stay in force: {Failures}")]
    private partial void LogRejected(string failures);
}

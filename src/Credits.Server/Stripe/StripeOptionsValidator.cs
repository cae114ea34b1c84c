using Credits.Ledger.Payments;
using Credits.Ledger.Validation;
using Microsoft.Extensions.Options;

namespace Credits.Server.Stripe;

/// <summary>Checks the <c>Stripe</c> section at start-up and on every reload; a bad reload keeps the server from using it.</summary>
internal sealed class StripeOptionsValidator : IValidateOptions<StripeOptions>
{
    /// <summary>The longest validity a pack may have.</summary>
    public const int ValidityMonthsMax = 1200;

    /// <summary>The highest per-account limit: each place is a row a checkout may probe for.</summary>
    public const int MaxPerAccountMax = 100;

    /// <summary>The longest display label a pack may have.</summary>
    public const int LabelLengthMax = 64;

    public ValidateOptionsResult Validate(string? name, StripeOptions options)
    {
        var failures = new List<string>();
        if (options.WebhookToleranceSeconds < 1 || options.WebhookToleranceSeconds > StripeOptions.WebhookToleranceSecondsMax)
        {
            failures.Add($"Stripe:WebhookToleranceSeconds must be 1 to {StripeOptions.WebhookToleranceSecondsMax}.");
        }
        if (options.MaxNetworkRetries < 0 || options.MaxNetworkRetries > StripeOptions.MaxNetworkRetriesMax)
        {
            failures.Add($"Stripe:MaxNetworkRetries must be 0 to {StripeOptions.MaxNetworkRetriesMax}.");
        }
        if (options.EventRetention < StripeOptions.EventRetentionMin)
        {
            // Why a week: see StripeOptions.EventRetentionMin (Stripe retries a webhook for up to 3 days).
            failures.Add($"Stripe:EventRetention must be at least {StripeOptions.EventRetentionMin} (Stripe retries a webhook for up to 3 days; "
                         + $"an event id must be remembered well past its last retry to be recognised as a duplicate); it is {options.EventRetention}.");
        }
        if (options.ApiBase.Length > 0 && (!Uri.TryCreate(options.ApiBase, UriKind.Absolute, out var apiBase)
                                           || (apiBase.Scheme != Uri.UriSchemeHttps && apiBase.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add("Stripe:ApiBase must be an absolute http(s) URL, or empty for Stripe's own.");
        }
        foreach (var (packId, pack) in options.Packs)
        {
            var path = $"Stripe:Packs:{packId}";
            if (packId.Length > CheckoutRequest.PackIdLengthMax || !packId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                failures.Add($"{path}: a pack id is 1 to {CheckoutRequest.PackIdLengthMax} of [A-Za-z0-9._-].");
            }
            if (pack.Credits < 1 || pack.Credits > Limits.AmountMax)
            {
                failures.Add($"{path}:Credits must be 1 to {Limits.AmountMax}.");
            }
            if (pack.BonusCredits < 0 || pack.BonusCredits > Limits.AmountMax)
            {
                failures.Add($"{path}:BonusCredits must be 0 to {Limits.AmountMax}.");
            }
            if (string.IsNullOrWhiteSpace(pack.PriceId))
            {
                failures.Add($"{path}:PriceId must name the Stripe price (price_...) the pack sells at.");
            }
            if (pack.ValidityMonths is < 1 or > ValidityMonthsMax)
            {
                failures.Add($"{path}:ValidityMonths must be 1 to {ValidityMonthsMax}, or unset for credits that never expire.");
            }
            if (pack.UnitAmount is < 0)
            {
                failures.Add($"{path}:UnitAmount must not be negative.");
            }
            if (pack.AvailableFrom is { } from && pack.AvailableUntil is { } until && from >= until)
            {
                failures.Add($"{path}:AvailableFrom must be before AvailableUntil.");
            }
            if (pack.MaxPerAccount is < 1 or > MaxPerAccountMax)
            {
                failures.Add($"{path}:MaxPerAccount must be 1 to {MaxPerAccountMax}, or unset for no limit.");
            }
            if (pack.Currency.Length > 0 && (pack.Currency.Length != 3 || !pack.Currency.All(char.IsAsciiLetterLower)))
            {
                failures.Add($"{path}:Currency must be a lower-case ISO code such as usd.");
            }
            if (pack.Label.Length > LabelLengthMax)
            {
                failures.Add($"{path}:Label must be at most {LabelLengthMax} characters.");
            }
            PackLots.Validate(path, pack.Lots, failures);
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

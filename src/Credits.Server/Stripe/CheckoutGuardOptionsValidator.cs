using Microsoft.Extensions.Options;

namespace Credits.Server.Stripe;

/// <summary>
/// Refuses return origins that are not origins, an allowance outside 1–3,600 sessions an hour, and a
/// Stripe key with no origin at all to send customers back to.
/// </summary>
internal sealed class CheckoutGuardOptionsValidator(IConfiguration configuration) : IValidateOptions<CheckoutGuardOptions>
{
    public const int SessionsPerHourMax = 3_600;

    public ValidateOptionsResult Validate(string? name, CheckoutGuardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var i = 0; i < options.ReturnOrigins.Count; i++)
        {
            var origin = options.ReturnOrigins[i];
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                || uri.PathAndQuery != "/" || origin.TrimEnd('/').Length != uri.GetLeftPart(UriPartial.Authority).Length)
            {
                failures.Add($"Stripe:ReturnOrigins:{i} must be an origin such as https://shop.example.com (scheme, host, port; no path): '{origin}'.");
            }
        }
        if (options.CheckoutSessionsPerAccountPerHour is < 1 or > SessionsPerHourMax)
        {
            failures.Add($"Stripe:CheckoutSessionsPerAccountPerHour must be 1 to {SessionsPerHourMax}; it is {options.CheckoutSessionsPerAccountPerHour}.");
        }
        var stripeKey = configuration["Stripe:ApiKey"];
        var browserOrigins = configuration.GetSection("Browser:AllowedOrigins").GetChildren().Any(child => !string.IsNullOrEmpty(child.Value));
        if (!string.IsNullOrEmpty(stripeKey) && options.ReturnOrigins.Count == 0 && !browserOrigins)
        {
            failures.Add("Stripe:ReturnOrigins is empty and so is Browser:AllowedOrigins: name the shop's origins that checkout may return to, "
                         + "or Stripe's payment page would redirect customers to any URL a caller gives.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

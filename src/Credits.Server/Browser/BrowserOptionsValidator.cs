using Microsoft.Extensions.Options;

namespace Credits.Server.Browser;

/// <summary>Checks the <c>Browser</c> section at start-up: an origin with a path or a wildcard would never match, or match too much.</summary>
internal sealed class BrowserOptionsValidator : IValidateOptions<BrowserOptions>
{
    public ValidateOptionsResult Validate(string? name, BrowserOptions options)
    {
        var failures = new List<string>();
        // Kestrel listens on an address, not a name: the host is an IP address (0.0.0.0 for all) or localhost.
        if (options.Url.Length > 0 && (!IsHttpUrl(options.Url, out var url)
                                       || !(url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || url.Host == "localhost")))
        {
            failures.Add($"{BrowserOptions.Section}:Url must be an absolute http(s) URL on an IP address or localhost, such as http://127.0.0.1:5082, or empty for none.");
        }
        for (var i = 0; i < options.AllowedOrigins.Count; i++)
        {
            var origin = options.AllowedOrigins[i];
            if (!IsHttpUrl(origin, out var uri) || uri.AbsolutePath != "/" || origin.EndsWith('/') || uri.Query.Length > 0)
            {
                failures.Add($"{BrowserOptions.Section}:AllowedOrigins:{i} must be an origin such as https://shop.example.com (scheme, host, optional port; no path and no '*').");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string value, out Uri uri) =>
        Uri.TryCreate(value, UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}

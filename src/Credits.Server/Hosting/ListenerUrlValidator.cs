using Credits.Server.Browser;
using Microsoft.Extensions.Options;

namespace Credits.Server.Hosting;

/// <summary>
/// Refuses listener URLs that would not be served as written. <c>Browser:Url</c> and
/// <c>Webhooks:Url</c> take no certificate, so an <c>https</c> one was served as plaintext HTTP; a
/// <c>Kestrel:Endpoints</c> entry with <c>https</c> and no <c>Certificate</c> falls back to the
/// developer certificate, which must not serve real traffic.
/// </summary>
internal sealed class ListenerUrlValidator(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<BrowserOptions>
{
    public ValidateOptionsResult Validate(string? name, BrowserOptions options)
    {
        var failures = new List<string>();
        foreach (var key in new[] { $"{BrowserOptions.Section}:{nameof(BrowserOptions.Url)}", ServerHost.WebhooksUrlKey, Json.JsonFace.UrlKey })
        {
            if (IsHttps(configuration[key]))
            {
                failures.Add($"{key} is https, but that listener takes no certificate and would serve plaintext: " +
                    "use http and terminate TLS at the proxy in front, or add a Kestrel:Endpoints entry with a Certificate.");
            }
        }
        if (!environment.IsDevelopment())
        {
            foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
            {
                if (IsHttps(endpoint["Url"]) && !endpoint.GetSection("Certificate").Exists()
                    && !configuration.GetSection("Kestrel:Certificates:Default").Exists())
                {
                    failures.Add($"Kestrel:Endpoints:{endpoint.Key}:Url is https but has no Certificate (nor Kestrel:Certificates:Default): " +
                        "it would fall back to the developer certificate.");
                }
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttps(string? url) => url is not null && url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}

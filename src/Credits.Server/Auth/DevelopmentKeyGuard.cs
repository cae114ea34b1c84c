using System.Net;
using Microsoft.Extensions.Options;

namespace Credits.Server.Auth;

/// <summary>
/// In Development the well-known key <c>credits-dev-key</c> is accepted with every scope. That is
/// safe only while nobody else can reach the server, so a Development host whose listeners are not
/// all on loopback refuses to start.
/// </summary>
internal sealed class DevelopmentKeyGuard(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        if (!environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }
        var exposed = ListenerUrls().Where(url => !IsLoopback(url)).ToList();
        return exposed.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"In Development the key '{ApiKeyStore.DevelopmentKey}' is accepted with every scope, so every listener must be on loopback; " +
                $"{string.Join(", ", exposed)} is not. Listen on 127.0.0.1, or run as Production with minted keys.");
    }

    private IEnumerable<string> ListenerUrls()
    {
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                yield return url;
            }
        }
        foreach (var key in new[] { "Browser:Url", ServerHost.WebhooksUrlKey, Json.JsonFace.UrlKey })
        {
            if (configuration[key] is { Length: > 0 } url)
            {
                yield return url;
            }
        }
        foreach (var url in (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return url;
        }
    }

    // "localhost" binds loopback only; "*", "+" and 0.0.0.0 bind every interface.
    private static bool IsLoopback(string url)
    {
        var host = url.Split("://", 2) is [_, var rest] ? rest : url;
        host = host.Split('/', 2)[0];
        host = host.StartsWith('[') ? host[1..host.IndexOf(']', StringComparison.Ordinal)] : host.Split(':')[0];
        return host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}

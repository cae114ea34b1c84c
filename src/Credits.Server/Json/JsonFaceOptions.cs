using Microsoft.Extensions.Options;

namespace Credits.Server.Json;

/// <summary>The <c>Json</c> configuration section: where the HTTP/JSON face listens.</summary>
public sealed class JsonFaceOptions
{
    /// <summary>The configuration section bound to this class.</summary>
    public const string Section = "Json";

    /// <summary>
    /// The HTTP/1.1 address of the JSON face, such as <c>http://127.0.0.1:5083</c>; empty (the default)
    /// means no JSON face. Plaintext: put it behind the TLS proxy in front of the server.
    /// </summary>
    public string Url { get; set; } = "";
}

/// <summary>
/// Refuses a <c>Json:Url</c> Kestrel cannot listen on (a host name other than localhost), which
/// <see cref="JsonFace.ListenForJson"/> would otherwise skip without a word.
/// </summary>
internal sealed class JsonFaceOptionsValidator : IValidateOptions<JsonFaceOptions>
{
    public ValidateOptionsResult Validate(string? name, JsonFaceOptions options) =>
        options.Url.Length == 0
        || (Uri.TryCreate(options.Url, UriKind.Absolute, out var url)
            && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            && (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || url.Host == "localhost"))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{JsonFace.UrlKey} must be an absolute http URL on an IP address or localhost, such as http://127.0.0.1:5083, or empty for none.");
}

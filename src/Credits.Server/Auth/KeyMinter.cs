using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Credits.Server.Auth;

/// <summary>Mints API keys and renders the configuration that makes the server accept them.</summary>
public static class KeyMinter
{
    /// <summary>Every key starts with this, so a leaked key is recognisable (and secret scanners can match it).</summary>
    public const string Prefix = "ck_";

    /// <summary>Random bytes per key: 256 bits.</summary>
    public const int KeyBytes = 32;

    /// <summary>A new random key and its hash.</summary>
    public static MintedKey Mint()
    {
        var key = Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(KeyBytes));
        return new MintedKey(key, ApiKeyStore.Hash(key));
    }

    /// <summary>An appsettings.json fragment with one <c>Auth:ApiKeys</c> entry.</summary>
    public static string ConfigurationJson(string name, string sha256, IReadOnlyList<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("Auth");
            json.WriteStartArray("ApiKeys");
            json.WriteStartObject();
            json.WriteString(nameof(ApiKeyEntry.Name), name);
            json.WriteString(nameof(ApiKeyEntry.Sha256), sha256);
            json.WriteStartArray(nameof(ApiKeyEntry.Scopes));
            foreach (var scope in scopes)
            {
                json.WriteStringValue(scope);
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The same entry as environment variables, at position <paramref name="index"/> of <c>Auth:ApiKeys</c>.</summary>
    public static IReadOnlyList<string> EnvironmentVariables(string name, string sha256, IReadOnlyList<string> scopes, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var prefix = string.Create(CultureInfo.InvariantCulture, $"Auth__ApiKeys__{index}__");
        var lines = new List<string> { $"{prefix}{nameof(ApiKeyEntry.Name)}={name}", $"{prefix}{nameof(ApiKeyEntry.Sha256)}={sha256}" };
        for (var i = 0; i < scopes.Count; i++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}{nameof(ApiKeyEntry.Scopes)}__{i}={scopes[i]}"));
        }
        return lines;
    }
}

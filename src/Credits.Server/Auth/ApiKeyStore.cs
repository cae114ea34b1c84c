using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Credits.Server.Auth;

/// <summary>
/// The API keys this server accepts, held as SHA-256 hashes only. A plain hash suffices: keys are
/// 256 random bits, so there is nothing to guess and no need for a slow password hash.
/// </summary>
public sealed class ApiKeyStore
{
    /// <summary>
    /// The development key, <c>credits-dev-key</c>: accepted with every scope (as the caller
    /// <see cref="DevelopmentCallerName"/>) only when the host environment is Development, and never
    /// anywhere else. Local tools and the README use it: <c>authorization: Bearer credits-dev-key</c>.
    /// </summary>
    public const string DevelopmentKey = "credits-dev-key";

    /// <summary>The caller name (journal actor) of <see cref="DevelopmentKey"/>.</summary>
    public const string DevelopmentCallerName = "development";

    private readonly FrozenDictionary<string, ApiCaller> _callersBySha256;

    /// <summary>Loads the configured keys, plus <see cref="DevelopmentKey"/> in Development.</summary>
    public ApiKeyStore(IOptions<ApiKeyOptions> options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var callers = new Dictionary<string, ApiCaller>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in options.Value.ApiKeys)
        {
            callers[entry.Sha256] = new ApiCaller(entry.Name, entry.Scopes.ToFrozenSet(StringComparer.Ordinal));
        }
        if (environment.IsDevelopment())
        {
            callers[Hash(DevelopmentKey)] = new ApiCaller(DevelopmentCallerName, Scopes.All);
        }
        _callersBySha256 = callers.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Finds the caller that <paramref name="key"/> belongs to.</summary>
    public bool TryAuthenticate(string key, [NotNullWhen(true)] out ApiCaller? caller) =>
        _callersBySha256.TryGetValue(Hash(key), out caller);

    /// <summary>The SHA-256 of <paramref name="key"/> (UTF-8) as lowercase hexadecimal: what <c>Auth:ApiKeys:N:Sha256</c> holds.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}

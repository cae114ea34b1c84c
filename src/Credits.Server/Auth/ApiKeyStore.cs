using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Credits.Ledger.Keys;
using Microsoft.Extensions.Options;

namespace Credits.Server.Auth;

/// <summary>
/// The API keys this server accepts, held as SHA-256 hashes only: the keys configured in
/// <c>Auth:ApiKeys</c> and a snapshot of the keys minted at run time (stored in the database). A plain
/// hash suffices: keys are 256 random bits, so there is nothing to guess and no need for a slow
/// password hash. Authentication runs on every call, so it never touches the database: the snapshot is
/// replaced whole by <see cref="ApiKeyRefreshService"/> (periodically, and at once after this instance
/// mints or revokes a key), and readers see either the old or the new one.
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

    private readonly FrozenDictionary<string, ApiCaller> _configuredBySha256;
    private volatile FrozenDictionary<string, ApiCaller> _storedBySha256 = FrozenDictionary<string, ApiCaller>.Empty;
    private readonly HashSet<string> _revokedHere = new(StringComparer.OrdinalIgnoreCase);

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
        _configuredBySha256 = callers.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Finds the caller that <paramref name="key"/> belongs to: a configured key first, then a stored one.</summary>
    public bool TryAuthenticate(string key, [NotNullWhen(true)] out ApiCaller? caller)
    {
        var sha256 = Hash(key);
        return _configuredBySha256.TryGetValue(sha256, out caller) || _storedBySha256.TryGetValue(sha256, out caller);
    }

    /// <summary>
    /// Stops a key revoked through this instance at once, without waiting for a snapshot read: a
    /// revoke used to report success while the key kept working here whenever that read failed.
    /// Revocation is final, so a snapshot read before the revoke cannot bring the key back either.
    /// </summary>
    public void Forget(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        lock (_revokedHere)
        {
            _revokedHere.Add(sha256);
            _storedBySha256 = _storedBySha256.Where(entry => !_revokedHere.Contains(entry.Key))
                .ToFrozenDictionary(entry => entry.Key, entry => entry.Value, StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>Replaces the snapshot of stored keys with <paramref name="activeKeys"/> (revoked keys are left out).</summary>
    public void ReplaceStoredKeys(IEnumerable<StoredApiKey> activeKeys)
    {
        ArgumentNullException.ThrowIfNull(activeKeys);
        lock (_revokedHere)
        {
            ReplaceStoredKeysLocked(activeKeys);
        }
    }

    private void ReplaceStoredKeysLocked(IEnumerable<StoredApiKey> activeKeys)
    {
        _storedBySha256 = activeKeys
            .Where(key => !key.IsRevoked && !_revokedHere.Contains(key.Sha256))
            .ToFrozenDictionary(key => key.Sha256, key => new ApiCaller(key.Name, key.Scopes.ToFrozenSet(StringComparer.Ordinal)),
                StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The SHA-256 of <paramref name="key"/> (UTF-8) as lowercase hexadecimal: what <c>Auth:ApiKeys:N:Sha256</c> holds.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}

using Credits.Ledger.Errors;
using Credits.Ledger.Keys;

namespace Credits.Server.Auth;

/// <summary>
/// Mints, lists and revokes the API keys stored in the database: checks names and scopes against the
/// rules configured keys follow, keeps only the hash, and refreshes this instance's snapshot at once
/// so a revoked key stops working here before the call returns.
/// </summary>
public sealed partial class ApiKeyAdministration(ApiKeyRegistry registry, ApiKeyRefreshService refresher, ApiKeyStore store,
    ILogger<ApiKeyAdministration> logger)
{
    /// <summary>Mints a key for <paramref name="name"/> with <paramref name="scopes"/>; returns it with its secret, which is not kept.</summary>
    public async Task<(StoredApiKey Key, string Secret)> MintAsync(string name, IReadOnlyList<string> scopes, string actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        if (ApiKeyOptionsValidator.NameProblem(name) is { } problem)
        {
            throw LedgerErrors.Invalid("name", $"name {problem}").ToException();
        }
        if (scopes.Count == 0)
        {
            throw LedgerErrors.Invalid("scopes", $"scopes must name at least one of {string.Join(", ", Scopes.All)}.").ToException();
        }
        for (var i = 0; i < scopes.Count; i++)
        {
            if (!Scopes.All.Contains(scopes[i]))
            {
                throw LedgerErrors.Invalid($"scopes[{i}]", $"'{scopes[i]}' is not a scope; known scopes are {string.Join(", ", Scopes.All)}.").ToException();
            }
        }
        var minted = KeyMinter.Mint();
        var key = await registry.AddAsync(name, minted.Sha256, scopes.Distinct(StringComparer.Ordinal).ToList(), actor, cancellationToken);
        await RefreshAsync(cancellationToken);
        return (key, minted.Key);
    }

    /// <summary>A page of stored keys, oldest first.</summary>
    public Task<ApiKeyPage> ListAsync(int pageSize, string pageToken, bool includeRevoked, CancellationToken cancellationToken = default) =>
        registry.ListAsync(pageSize, pageToken, includeRevoked, cancellationToken);

    /// <summary>Revokes a stored key; it stops working on this instance before this returns.</summary>
    public async Task<StoredApiKey> RevokeAsync(string keyId, string actor, CancellationToken cancellationToken = default)
    {
        var key = await registry.RevokeAsync(keyId, actor, cancellationToken);
        // Stopped here first, from what the revoke stored, so no failed read can leave it working.
        store.Forget(key.Sha256);
        await RefreshAsync(cancellationToken);
        return key;
    }

    // The stored change is what counts: if this read fails, the periodic refresh applies it within its interval.
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await refresher.RefreshAsync(cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogRefreshFailed(error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A stored API key changed but the snapshot could not be refreshed; the periodic refresh will apply it")]
    private partial void LogRefreshFailed(Exception error);
}

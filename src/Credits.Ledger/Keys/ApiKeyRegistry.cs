using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Keys;

/// <summary>
/// The API keys minted at run time: stored as SHA-256 hashes with their scopes, listed, revoked.
/// Deciding which names and scopes are valid is the server's (it owns the scope table); this class
/// only keeps the records. Nothing here sits on the hot path: servers read the active keys into
/// memory and refresh them now and then.
/// </summary>
public sealed class ApiKeyRegistry(LedgerDatabase database, TimeProvider time, LedgerOptions options, ILogger<ApiKeyRegistry> logger)
{
    /// <summary>Every key id starts with this.</summary>
    public const string KeyIdPrefix = "ak_";

    /// <summary>Keys per page when the caller asks for 0.</summary>
    public const int PageSizeDefault = 100;

    /// <summary>The largest page; bigger requests are capped to it.</summary>
    public const int PageSizeMax = 1000;

    private const int KeyIdRandomBytes = 16;

    // "ak_" and 16 random bytes in base64url: 25 characters.
    private const int KeyIdLength = 25;

    /// <summary>Stores a new key and returns it.</summary>
    public async Task<StoredApiKey> AddAsync(string name, string sha256, IReadOnlyList<string> scopes, string createdBy,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var row = new ApiKeyRow
        {
            KeyId = KeyIdPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(KeyIdRandomBytes)),
            Name = name,
            Sha256 = sha256,
            Scopes = string.Join(' ', scopes),
            CreatedAtMs = Clock.ToMs(Clock.Now(time)),
            CreatedBy = createdBy,
        };
        await RunAsync(async token =>
        {
            await using var db = database.Open();
            return await db.InsertAsync(row, token: token);
        }, "storing an API key", cancellationToken);
        return ToKey(row);
    }

    /// <summary>
    /// A page of keys in the order they were minted. <paramref name="pageSize"/> 0 means
    /// <see cref="PageSizeDefault"/>, more than <see cref="PageSizeMax"/> is capped, negative is INVALID_ARGUMENT.
    /// </summary>
    public async Task<ApiKeyPage> ListAsync(int pageSize, string pageToken, bool includeRevoked, CancellationToken cancellationToken = default)
    {
        if (pageSize < 0)
        {
            throw LedgerErrors.Invalid("page_size", "page_size must be 0 or more.").ToException();
        }
        var limit = pageSize == 0 ? PageSizeDefault : Math.Min(pageSize, PageSizeMax);
        var (afterMs, afterId) = ReadPageToken(pageToken);
        var rows = await RunAsync(async token =>
        {
            await using var db = database.Open();
            var query = db.ApiKeys.Where(row => row.CreatedAtMs > afterMs || (row.CreatedAtMs == afterMs && row.KeyId.CompareTo(afterId) > 0));
            if (!includeRevoked)
            {
                query = query.Where(row => row.RevokedAtMs == null);
            }
            return await query.OrderBy(row => row.CreatedAtMs).ThenBy(row => row.KeyId).Take(limit + 1).ToListAsync(token);
        }, "listing API keys", cancellationToken);
        var next = rows.Count > limit ? PageToken(rows[limit - 1]) : "";
        return new ApiKeyPage(rows.Take(limit).Select(ToKey).ToList(), next);
    }

    /// <summary>
    /// Revokes a key and returns it. Revoking a revoked key returns it unchanged (when and by whom
    /// it was first revoked); a well-formed id that names no key is <see cref="LedgerErrorKind.ApiKeyNotFound"/>.
    /// </summary>
    public async Task<StoredApiKey> RevokeAsync(string keyId, string revokedBy, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(keyId))
        {
            throw LedgerErrors.Invalid("key_id", "key_id is required.").ToException();
        }
        if (keyId.Length != KeyIdLength || !keyId.StartsWith(KeyIdPrefix, StringComparison.Ordinal)
            || !keyId[KeyIdPrefix.Length..].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw LedgerErrors.Invalid("key_id", $"key_id must be '{KeyIdPrefix}' followed by 22 base64url characters.").ToException();
        }
        var nowMs = Clock.ToMs(Clock.Now(time));
        var row = await RunAsync(async token =>
        {
            await using var db = database.Open();
            // Conditional, so that the first revocation's time and actor are kept.
            await db.ApiKeys.Where(key => key.KeyId == keyId && key.RevokedAtMs == null)
                .Set(key => key.RevokedAtMs, nowMs)
                .Set(key => key.RevokedBy, revokedBy)
                .UpdateAsync(token);
            return await db.ApiKeys.FirstOrDefaultAsync(key => key.KeyId == keyId, token);
        }, "revoking an API key", cancellationToken);
        return row is null ? throw LedgerErrors.ApiKeyNotFound(keyId).ToException() : ToKey(row);
    }

    /// <summary>Every key that is not revoked: what a server accepts besides its configured keys.</summary>
    public async Task<IReadOnlyList<StoredApiKey>> LoadActiveAsync(CancellationToken cancellationToken = default)
    {
        var rows = await RunAsync(async token =>
        {
            await using var db = database.Open();
            return await db.ApiKeys.Where(row => row.RevokedAtMs == null).ToListAsync(token);
        }, "loading API keys", cancellationToken);
        return rows.ConvertAll(ToKey);
    }

    private Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, string what, CancellationToken cancellationToken) =>
        TransientRetry.RunAsync(work, options.TransientRetriesMax, logger, what, cancellationToken);

    private static StoredApiKey ToKey(ApiKeyRow row) => new(
        row.KeyId, row.Name, row.Sha256, row.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        Clock.FromMs(row.CreatedAtMs), row.CreatedBy, Clock.FromMs(row.RevokedAtMs), row.RevokedBy);

    // The token is the last key's position in the listing order, base64url-encoded so callers treat it as opaque.
    private static string PageToken(ApiKeyRow last) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{last.CreatedAtMs}:{last.KeyId}")));

    private static (long AfterMs, string AfterId) ReadPageToken(string pageToken)
    {
        if (string.IsNullOrEmpty(pageToken))
        {
            return (long.MinValue, "");
        }
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(pageToken));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && long.TryParse(text.AsSpan(0, colon), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
            {
                return (ms, text[(colon + 1)..]);
            }
        }
        catch (FormatException)
        {
            // Reported below like any other token this server did not issue.
        }
        throw LedgerErrors.Invalid("page_token", "page_token is not a token this server issued.").ToException();
    }
}

namespace Credits.Ledger.Keys;

/// <summary>An API key minted at run time and kept in the database; only its SHA-256 is stored.</summary>
/// <param name="KeyId">The key's id, <c>ak_</c> then 22 base64url characters.</param>
/// <param name="Name">The caller's name, written into the journal as the actor.</param>
/// <param name="Sha256">The SHA-256 of the secret, 64 lowercase hexadecimal digits.</param>
/// <param name="Scopes">The scopes the key grants.</param>
/// <param name="CreatedAt">When it was minted.</param>
/// <param name="CreatedBy">The name of the caller that minted it.</param>
/// <param name="RevokedAt">When it was revoked; null while it works.</param>
/// <param name="RevokedBy">The name of the caller that revoked it; null while it works.</param>
public sealed record StoredApiKey(
    string KeyId,
    string Name,
    string Sha256,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? RevokedAt,
    string? RevokedBy)
{
    /// <summary>Whether the key has been revoked.</summary>
    public bool IsRevoked => RevokedAt is not null;
}

namespace Credits.Server.Auth;

/// <summary>A freshly minted API key and the hash the server stores for it.</summary>
/// <param name="Key">The secret key, <c>ck_</c> then 32 random bytes in base64url; shown once.</param>
/// <param name="Sha256">The key's SHA-256 in lowercase hexadecimal.</param>
public sealed record MintedKey(string Key, string Sha256);

namespace Credits.Server.Auth;

/// <summary>One configured API key (an element of <c>Auth:ApiKeys</c>). Only the key's hash is stored.</summary>
public sealed class ApiKeyEntry
{
    /// <summary>The caller's name, written into the journal as the actor: 1 to 64 of <c>[A-Za-z0-9._-]</c>. Two keys may share a name while one replaces the other.</summary>
    public string Name { get; set; } = "";

    /// <summary>The SHA-256 of the key, 64 hexadecimal digits (what <c>keys mint</c> prints).</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>The scopes the key grants: <c>ledger:read</c>, <c>ledger:write</c>, <c>admin</c>.</summary>
    public List<string> Scopes { get; set; } = [];
}

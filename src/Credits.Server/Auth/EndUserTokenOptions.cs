namespace Credits.Server.Auth;

/// <summary>
/// The <c>Auth:EndUserTokens</c> configuration section: how the server verifies the short-lived
/// tokens a product's backend mints for one end user (an HS256 JWT whose <c>sub</c> is the account).
/// With no <see cref="SigningKey"/> the server accepts no tokens.
/// </summary>
public sealed class EndUserTokenOptions
{
    /// <summary>The configuration section bound to this class.</summary>
    public const string Section = "Auth:EndUserTokens";

    /// <summary>The shortest signing key, in bytes: HS256 needs a key as long as its hash (256 bits).</summary>
    public const int SigningKeyBytesMin = 32;

    /// <summary>The longest lifetime a deployment may allow for a token.</summary>
    public static readonly TimeSpan LifetimeMaxLimit = TimeSpan.FromHours(24);

    /// <summary>The largest clock skew a deployment may allow.</summary>
    public static readonly TimeSpan ClockSkewMaxLimit = TimeSpan.FromMinutes(5);

    /// <summary>The HMAC-SHA256 key shared with the product's backend (UTF-8, at least 32 bytes); empty disables tokens.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>The <c>iss</c> every token must carry, naming the backend that minted it. Required with a signing key.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The <c>aud</c> every token must carry.</summary>
    public string Audience { get; set; } = "credits-ledger";

    /// <summary>The longest a token may still live when it is used (its <c>exp</c> minus now): 1 hour by default.</summary>
    public TimeSpan LifetimeMax { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How far the minting backend's clock may differ from the server's: 30 seconds by default.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether tokens are accepted at all.</summary>
    public bool Enabled => SigningKey.Length > 0;
}

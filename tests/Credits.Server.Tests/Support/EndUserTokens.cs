using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Credits.Server.Tests.Support;

/// <summary>
/// Mints end-user tokens as a product's backend would, with Microsoft.IdentityModel (not the
/// server's code): HS256 JWTs with <c>sub</c>, <c>iss</c>, <c>aud</c>, <c>iat</c> and <c>exp</c>.
/// </summary>
public static class EndUserTokens
{
    public const string SigningKey = "test-signing-key-for-end-user-tokens-0123456789";
    public const string Issuer = "https://shop.example.com";
    public const string Audience = "credits-ledger";

    /// <summary>A token for <paramref name="accountId"/> issued at <paramref name="issuedAt"/>, living <paramref name="lifetime"/> (15 minutes by default).</summary>
    public static string Mint(string accountId, DateTimeOffset issuedAt, TimeSpan? lifetime = null, string signingKey = SigningKey,
        string issuer = Issuer, string audience = Audience)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", accountId)]),
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = (issuedAt + (lifetime ?? TimeSpan.FromMinutes(15))).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>The same claims with <c>"alg": "none"</c> and no signature.</summary>
    public static string WithoutSignature(string accountId, DateTimeOffset issuedAt)
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode(
            $$"""{"sub":"{{accountId}}","iss":"{{Issuer}}","aud":"{{Audience}}","iat":{{issuedAt.ToUnixTimeSeconds()}},"exp":{{issuedAt.AddMinutes(15).ToUnixTimeSeconds()}}}""");
        return $"{header}.{payload}.";
    }

    /// <summary><paramref name="token"/> with its payload's <c>sub</c> replaced, keeping the original signature.</summary>
    public static string WithSubject(string token, string accountId)
    {
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]);
        var original = new JsonWebToken(token).Subject;
        parts[1] = Base64UrlEncoder.Encode(payload.Replace($"\"sub\":\"{original}\"", $"\"sub\":\"{accountId}\"", StringComparison.Ordinal));
        return string.Join('.', parts);
    }
}

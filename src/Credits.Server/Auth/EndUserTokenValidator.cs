using System.Text;
using Credits.Ledger.Accounts;
using Credits.Ledger.Errors;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Credits.Server.Auth;

/// <summary>
/// Verifies an end-user token: an HS256 JWT signed with <c>Auth:EndUserTokens:SigningKey</c>, with the
/// configured <c>iss</c> and <c>aud</c>, an <c>exp</c> no further away than <c>LifetimeMax</c>, and an
/// account id as <c>sub</c>. Returns the account; a token that fails any check is UNAUTHENTICATED.
/// The signature, issuer and audience are checked by Microsoft.IdentityModel; time is checked here
/// against the server's <see cref="TimeProvider"/>, so tests can move the clock.
/// </summary>
internal sealed class EndUserTokenValidator
{
    private readonly EndUserTokenOptions _options;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters? _parameters;

    public EndUserTokenValidator(IOptions<EndUserTokenOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        if (_options.Enabled)
        {
            _parameters = new TokenValidationParameters
            {
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_options.SigningKey)),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ValidIssuer = _options.Issuer,
                ValidAudience = _options.Audience,
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateIssuerSigningKey = true,
                // The library reads the machine clock; lifetime is checked below against TimeProvider.
                ValidateLifetime = false,
                RequireSignedTokens = true,
            };
        }
    }

    /// <summary>
    /// Whether <paramref name="credential"/> has the shape of a JWT (three base64url parts, the first a
    /// JSON header). Minted API keys (<c>ck_</c> and base64url) never contain a dot, so the two never mix.
    /// </summary>
    public static bool LooksLikeToken(string credential) =>
        credential.StartsWith("eyJ", StringComparison.Ordinal) && credential.Count(c => c == '.') == 2;

    /// <summary>The account the token was minted for; throws UNAUTHENTICATED TOKEN_INVALID or TOKEN_EXPIRED.</summary>
    public async Task<string> ValidateAsync(string token)
    {
        if (_parameters is null)
        {
            throw EndUserTokenErrors.Invalid("This server accepts no end-user tokens (Auth:EndUserTokens:SigningKey is not set).");
        }
        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            // The library's reason stays in the server's log at most: a forger learns nothing from it.
            throw EndUserTokenErrors.Invalid("The token is not valid for this server.");
        }
        var now = _time.GetUtcNow();
        if (jwt.ValidTo == DateTime.MinValue)
        {
            throw EndUserTokenErrors.Invalid("The token has no expiry ('exp'); end-user tokens must be short-lived.");
        }
        var expires = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        if (expires + _options.ClockSkew <= now)
        {
            throw EndUserTokenErrors.Expired(expires);
        }
        if (expires - now > _options.LifetimeMax + _options.ClockSkew)
        {
            throw EndUserTokenErrors.Invalid($"The token lives longer than the {_options.LifetimeMax} this server allows.");
        }
        if (jwt.ValidFrom != DateTime.MinValue && new DateTimeOffset(jwt.ValidFrom, TimeSpan.Zero) - _options.ClockSkew > now)
        {
            throw EndUserTokenErrors.Invalid("The token is not valid yet ('nbf').");
        }
        try
        {
            AccountIds.Parse(jwt.Subject, "sub");
        }
        catch (LedgerException)
        {
            throw EndUserTokenErrors.Invalid("The token's subject ('sub') is not an account id such as 'user:42'.");
        }
        return jwt.Subject;
    }
}

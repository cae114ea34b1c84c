using System.Threading.RateLimiting;
using Credits.Ledger.Errors;
using Credits.Ledger.Payments;
using Credits.Server.Browser;
using Credits.Server.Throttling;
using Microsoft.Extensions.Options;

namespace Credits.Server.Stripe;

/// <summary>
/// Decides whether a checkout request may reach Stripe: its return URLs must be on a configured
/// origin (else Stripe's page redirects customers anywhere the caller likes), and its account must
/// be within its hourly allowance of sessions (else one end user could spend the server's Stripe
/// rate limit).
/// </summary>
public sealed class CheckoutGuard : IDisposable
{
    private readonly IOptionsMonitor<CheckoutGuardOptions> _options;
    private readonly IOptionsMonitor<BrowserOptions> _browser;
    private readonly PartitionedRateLimiter<string> _sessions;

    /// <summary>Creates the guard over the <c>Stripe</c> and <c>Browser</c> sections.</summary>
    public CheckoutGuard(IOptionsMonitor<CheckoutGuardOptions> options, IOptionsMonitor<BrowserOptions> browser)
    {
        _options = options;
        _browser = browser;
        var perHour = options.CurrentValue.CheckoutSessionsPerAccountPerHour;
        _sessions = PartitionedRateLimiter.Create<string, string>(accountId => RateLimitPartition.GetTokenBucketLimiter(accountId, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = perHour,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromHours(1) / perHour,
                QueueLimit = 0,
            }));
    }

    /// <summary>The origins return URLs may point to: <c>Stripe:ReturnOrigins</c>, else <c>Browser:AllowedOrigins</c>.</summary>
    public IReadOnlyList<string> ReturnOrigins =>
        _options.CurrentValue.ReturnOrigins is { Count: > 0 } configured ? configured : _browser.CurrentValue.AllowedOrigins;

    /// <summary>
    /// Refuses a request that may not reach Stripe; takes one session from the account's allowance
    /// otherwise. The request has passed <see cref="CheckoutRequest.Validate"/>: its URLs are absolute http(s).
    /// </summary>
    /// <exception cref="LedgerException">A return URL on another origin (INVALID_ARGUMENT).</exception>
    /// <exception cref="Grpc.Core.RpcException">The account's allowance is spent (RESOURCE_EXHAUSTED, RATE_LIMITED).</exception>
    public void Admit(CheckoutRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireOrigin(request.SuccessUrl, "success_url");
        RequireOrigin(request.CancelUrl, "cancel_url");
        using var lease = _sessions.AttemptAcquire(request.AccountId);
        if (!lease.IsAcquired)
        {
            var perHour = _options.CurrentValue.CheckoutSessionsPerAccountPerHour;
            throw LimitErrors.RateLimited("checkout_sessions_per_hour", perHour,
                lease.TryGetMetadata(MetadataName.RetryAfter, out var delay) ? delay : TimeSpan.FromHours(1) / perHour,
                $"This account may start {perHour} checkout sessions an hour.");
        }
    }

    /// <summary>An origin as compared: scheme, host and port, lower case.</summary>
    public static string OriginOf(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }

    /// <inheritdoc />
    public void Dispose() => _sessions.Dispose();

    private void RequireOrigin(string url, string field)
    {
        var origin = OriginOf(new Uri(url));
        if (!ReturnOrigins.Any(allowed => Uri.TryCreate(allowed, UriKind.Absolute, out var uri) && OriginOf(uri) == origin))
        {
            throw LedgerErrors.Invalid(field, $"{field} must be on one of the shop's origins (Stripe:ReturnOrigins); {origin} is not.").ToException();
        }
    }
}

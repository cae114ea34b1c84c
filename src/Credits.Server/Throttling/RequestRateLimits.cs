using System.Threading.RateLimiting;
using Credits.Server.Auth;
using Microsoft.Extensions.Options;

namespace Credits.Server.Throttling;

/// <summary>
/// Per-caller call rates, a token bucket per API key and per end user (System.Threading.RateLimiting,
/// partitioned by caller name), refilled ten times a second and holding a second's worth, so a
/// caller may burst to its rate and sustain it.
/// </summary>
public sealed class RequestRateLimits : IDisposable
{
    private static readonly TimeSpan RefillPeriod = TimeSpan.FromMilliseconds(100);

    private readonly CallLimitOptions _options;
    private readonly PartitionedRateLimiter<ApiCaller> _limiter;

    /// <summary>Creates the limiter from <c>Limits</c>.</summary>
    public RequestRateLimits(IOptions<CallLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        // Idle buckets (full, unused for a while) are dropped by the limiter itself, so partitions for
        // callers long gone do not pile up.
        _limiter = PartitionedRateLimiter.Create<ApiCaller, string>(caller =>
            RateLimitPartition.GetTokenBucketLimiter(caller.Name, _ => Bucket(PerSecond(caller))));
    }

    /// <summary>Takes one call from <paramref name="caller"/>'s allowance.</summary>
    /// <exception cref="Grpc.Core.RpcException">RESOURCE_EXHAUSTED with RetryInfo when the allowance is spent.</exception>
    public void Admit(ApiCaller caller)
    {
        using var lease = _limiter.AttemptAcquire(caller);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var delay) ? delay : RefillPeriod;
            throw LimitErrors.RateLimited(PerSecond(caller), retryAfter);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();

    private int PerSecond(ApiCaller caller) =>
        EndUserAccess.IsEndUser(caller) ? _options.EndUserRequestsPerSecond : _options.ApiKeyRequestsPerSecond;

    private static TokenBucketRateLimiterOptions Bucket(int perSecond) => new()
    {
        TokenLimit = perSecond,
        TokensPerPeriod = Math.Max(1, perSecond / 10),
        ReplenishmentPeriod = RefillPeriod,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

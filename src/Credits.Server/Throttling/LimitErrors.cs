using Credits.Server.Errors;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Credits.Server.Throttling;

/// <summary>The refusals of <see cref="RequestRateLimits"/> and <see cref="StreamLimits"/>: RESOURCE_EXHAUSTED, a reason, and when to try again.</summary>
internal static class LimitErrors
{
    public static RpcException RateLimited(int perSecond, TimeSpan retryAfter) =>
        RateLimited("requests_per_second", perSecond, retryAfter, $"Too many calls: this caller may make {perSecond} a second.");

    /// <summary>A rate of <paramref name="limit"/> (the <c>limit</c> metadata) is spent; <paramref name="what"/> says which.</summary>
    public static RpcException RateLimited(string limit, int max, TimeSpan retryAfter, string what) =>
        WithRetry(RpcErrors.Status(StatusCode.ResourceExhausted, $"{what} Retry after the delay in RetryInfo.",
            ErrorReasons.RateLimited, [new("limit", limit), new("max", Invariant(max))]), retryAfter);

    public static RpcException TooManyStreams(string limit, int max, TimeSpan retryAfter) =>
        WithRetry(RpcErrors.Status(StatusCode.ResourceExhausted,
            limit == StreamLimits.PerAccount
                ? $"The account already has {max} open streams (history and notifications), its limit. Close one, or retry after the delay in RetryInfo."
                : $"This caller already holds {max} open streams (history and notifications), its limit. Close one, or retry after the delay in RetryInfo.",
            ErrorReasons.StreamLimitReached, [new("limit", limit), new("max", Invariant(max))]), retryAfter);

    private static RpcException WithRetry(Google.Rpc.Status status, TimeSpan retryAfter)
    {
        // At least a millisecond: a zero delay would invite an immediate retry into the same refusal.
        var delay = retryAfter < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : retryAfter;
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        return status.ToRpcException();
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

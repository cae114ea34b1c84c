using System.Globalization;
using System.Net;
using Credits.Server.Errors;
using global::Stripe;
using Grpc.Core;

namespace Credits.Server.Stripe;

/// <summary>The gRPC errors of the Stripe calls, each with its one <c>ErrorInfo</c>.</summary>
internal static class StripeErrors
{
    public static RpcException PackNotFound(string packId) =>
        RpcErrors.Status(StatusCode.NotFound, $"Pack {packId} is not in the catalogue.", ErrorReasons.PackNotFound,
            [new("packId", packId)]).ToRpcException();

    public static RpcException OfferNotAvailable(string packId, string why) =>
        RpcErrors.Status(StatusCode.FailedPrecondition, $"Pack {packId} is not on offer to this account now ({why}).", ErrorReasons.OfferNotAvailable,
            [new("packId", packId), new("why", why)]).ToRpcException();

    public static RpcException NotConfigured() =>
        RpcErrors.Status(StatusCode.Unavailable, "Stripe is not configured on this server.", ErrorReasons.StripeUnavailable)
            .ToRpcException();

    public static RpcException Unreachable() =>
        RpcErrors.Status(StatusCode.Unavailable, "Stripe could not be reached; retry with the same idempotency key.",
            ErrorReasons.StripeUnavailable).ToRpcException();

    /// <summary>Stripe answered with an error: transient ones may be retried, the rest need the configuration fixed.</summary>
    public static RpcException From(StripeException error, string idempotencyKey)
    {
        var status = (int)error.HttpStatusCode;
        if (status == 0 || status == (int)HttpStatusCode.TooManyRequests || status == (int)HttpStatusCode.Conflict || status >= 500)
        {
            // 409 is Stripe still working on the first request with this key: retrying is safe.
            return Unreachable();
        }
        if (error.StripeError?.Type == "idempotency_error")
        {
            return RpcErrors.Status(StatusCode.AlreadyExists, $"Idempotency key {idempotencyKey} was already used for a different checkout.",
                ErrorReasons.IdempotencyKeyReused, [new("idempotencyKey", idempotencyKey)]).ToRpcException();
        }
        var code = error.StripeError?.Code ?? error.StripeError?.Type ?? status.ToString(CultureInfo.InvariantCulture);
        return RpcErrors.Status(StatusCode.FailedPrecondition, "Stripe refused to create the checkout; the server's Stripe configuration needs attention.",
            ErrorReasons.StripeRejected, [new("stripeCode", code)]).ToRpcException();
    }
}

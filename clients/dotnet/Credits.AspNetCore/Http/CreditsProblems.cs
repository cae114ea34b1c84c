using Microsoft.AspNetCore.Http;

namespace Credits.AspNetCore.Http;

/// <summary>
/// The RFC 9457 problem bodies (<c>application/problem+json</c>) priced endpoints answer with when the handler
/// does not run. Clients match on <c>type</c>, never on <c>title</c> or <c>detail</c>.
/// </summary>
public static class CreditsProblems
{
    /// <summary>The <c>type</c> of the 402 answer: the account has fewer credits than the price.</summary>
    public const string InsufficientCreditsType = "urn:credits:problem:insufficient-credits";

    /// <summary>The <c>type</c> of the 401 answer: no account could be resolved for the request.</summary>
    public const string NoAccountType = "urn:credits:problem:no-account";

    /// <summary>The <c>type</c> of the 400 answer: the <c>Idempotency-Key</c> header is not 1 to 128 printable ASCII characters.</summary>
    public const string InvalidIdempotencyKeyType = "urn:credits:problem:invalid-idempotency-key";

    /// <summary>The <c>type</c> of a 409 answer: the <c>Idempotency-Key</c> was used for a request with another price.</summary>
    public const string IdempotencyKeyReusedType = "urn:credits:problem:idempotency-key-reused";

    /// <summary>The <c>type</c> of a 409 answer: the <c>Idempotency-Key</c> belongs to a request that has finished.</summary>
    public const string IdempotencyKeySettledType = "urn:credits:problem:idempotency-key-settled";

    /// <summary>The <c>type</c> of a 409 answer: a request with this <c>Idempotency-Key</c> is still running.</summary>
    public const string IdempotencyKeyInFlightType = "urn:credits:problem:idempotency-key-in-flight";

    /// <summary>The <c>type</c> of the 503 answer: the ledger could not be reached and fail-open is off.</summary>
    public const string LedgerUnavailableType = "urn:credits:problem:ledger-unavailable";

    internal static Task InsufficientAsync(HttpContext context, long available, long required, Uri? purchaseUrl)
    {
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["available"] = available,
            ["required"] = required,
        };
        if (purchaseUrl is not null)
        {
            extensions["purchaseUrl"] = purchaseUrl.ToString();
        }

        return WriteAsync(
            context,
            StatusCodes.Status402PaymentRequired,
            InsufficientCreditsType,
            "Not enough credits",
            $"This request costs {required} credits; {available} are available.",
            extensions);
    }

    internal static Task NoAccountAsync(HttpContext context) => WriteAsync(
        context, StatusCodes.Status401Unauthorized, NoAccountType, "Sign in to use this endpoint",
        "This endpoint is paid for in credits, and no account could be found for the request.");

    internal static Task InvalidKeyAsync(HttpContext context) => WriteAsync(
        context, StatusCodes.Status400BadRequest, InvalidIdempotencyKeyType, "Invalid Idempotency-Key",
        "The Idempotency-Key header must be 1 to 128 printable ASCII characters.");

    internal static Task KeyReusedAsync(HttpContext context) => WriteAsync(
        context, StatusCodes.Status409Conflict, IdempotencyKeyReusedType, "Idempotency-Key already used",
        "This Idempotency-Key was used for a request with another price; send a new key.");

    internal static Task KeySettledAsync(HttpContext context) => WriteAsync(
        context, StatusCodes.Status409Conflict, IdempotencyKeySettledType, "Idempotency-Key already used",
        "A request with this Idempotency-Key has already finished (charged once, or not at all if it failed); send a new key for a new request.");

    internal static Task KeyInFlightAsync(HttpContext context) => WriteAsync(
        context, StatusCodes.Status409Conflict, IdempotencyKeyInFlightType, "Request in progress",
        "A request with this Idempotency-Key is still running; retry once it has finished.");

    internal static Task UnavailableAsync(HttpContext context) => WriteAsync(
        context, StatusCodes.Status503ServiceUnavailable, LedgerUnavailableType, "Credits service unavailable",
        "The credits service could not be reached; retry with the same Idempotency-Key.");

    private static Task WriteAsync(
        HttpContext context, int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: type, extensions: extensions).ExecuteAsync(context);
}

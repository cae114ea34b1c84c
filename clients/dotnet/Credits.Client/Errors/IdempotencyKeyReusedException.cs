using Grpc.Core;

namespace Credits.Client.Errors;

/// <summary>
/// The idempotency key was used before for a different request (<c>ALREADY_EXISTS</c>, reason
/// <c>IDEMPOTENCY_KEY_REUSED</c>). Nothing changed; use a new key for a new request.
/// </summary>
public class IdempotencyKeyReusedException : CreditsException
{
    /// <summary>Creates the exception; <see cref="IdempotencyKey"/> is read from <paramref name="metadata"/>.</summary>
    /// <param name="message">What went wrong, as the server described it.</param>
    /// <param name="statusCode">The gRPC status code of the failed call.</param>
    /// <param name="metadata">The <c>ErrorInfo</c> metadata, with <c>idempotencyKey</c>.</param>
    /// <param name="innerException">The <see cref="Grpc.Core.RpcException"/> this exception translates, if any.</param>
    public IdempotencyKeyReusedException(
        string message,
        StatusCode statusCode,
        IReadOnlyDictionary<string, string>? metadata,
        Exception? innerException = null)
        : base(message, statusCode, CreditsErrorReasons.IdempotencyKeyReused, metadata, innerException)
    {
        IdempotencyKey = ErrorMetadata.String(Metadata, "idempotencyKey");
    }

    /// <summary>The reused key; <see langword="null"/> if the server did not say.</summary>
    public string? IdempotencyKey { get; }
}

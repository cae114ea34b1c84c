using Grpc.Core;

namespace Credits.Client.Errors;

/// <summary>
/// The credits service, or its database, could not be reached (<c>UNAVAILABLE</c>, reason
/// <c>DATABASE_UNAVAILABLE</c> or <c>SHUTTING_DOWN</c>, or no reason at all when the connection itself failed). Retrying the same request
/// with the same idempotency key is safe, and so is retrying a commit or release of the same hold: the service
/// applies a change at most once per key (or hold) and answers a repeat with the first outcome, whether or not the
/// failed attempt reached it. Back off between retries.
/// </summary>
public class CreditsUnavailableException : CreditsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, as the server or the transport described it.</param>
    /// <param name="statusCode">The gRPC status code of the failed call.</param>
    /// <param name="reason">The <c>ErrorInfo</c> reason (<c>DATABASE_UNAVAILABLE</c>, <c>SHUTTING_DOWN</c>), or <see langword="null"/> if there was none.</param>
    /// <param name="metadata">The <c>ErrorInfo</c> metadata, if any.</param>
    /// <param name="innerException">The <see cref="Grpc.Core.RpcException"/> this exception translates, if any.</param>
    public CreditsUnavailableException(
        string message,
        StatusCode statusCode,
        string? reason,
        IReadOnlyDictionary<string, string>? metadata,
        Exception? innerException = null)
        : base(message, statusCode, reason, metadata, innerException)
    {
    }
}

using Grpc.Core;

namespace Credits.Client.Errors;

/// <summary>
/// The hold can no longer take this operation because it was committed, released or has expired
/// (<c>FAILED_PRECONDITION</c>, reason <c>HOLD_NOT_ACTIVE</c>): for example a commit after a release or after
/// the hold's TTL passed, or a release after a commit.
/// </summary>
public class HoldNotActiveException : CreditsException
{
    /// <summary>Creates the exception; <see cref="HoldId"/> and <see cref="State"/> are read from <paramref name="metadata"/>.</summary>
    /// <param name="message">What went wrong, as the server described it.</param>
    /// <param name="statusCode">The gRPC status code of the failed call.</param>
    /// <param name="metadata">The <c>ErrorInfo</c> metadata, with <c>holdId</c> and <c>state</c>.</param>
    /// <param name="innerException">The <see cref="Grpc.Core.RpcException"/> this exception translates, if any.</param>
    public HoldNotActiveException(
        string message,
        StatusCode statusCode,
        IReadOnlyDictionary<string, string>? metadata,
        Exception? innerException = null)
        : base(message, statusCode, CreditsErrorReasons.HoldNotActive, metadata, innerException)
    {
        HoldId = ErrorMetadata.String(Metadata, "holdId");
        State = ErrorMetadata.String(Metadata, "state");
    }

    /// <summary>The hold; <see langword="null"/> if the server did not say.</summary>
    public string? HoldId { get; }

    /// <summary>
    /// The hold's state in lower case: <c>committed</c>, <c>released</c> or <c>expired</c>;
    /// <see langword="null"/> if the server did not say.
    /// </summary>
    public string? State { get; }
}

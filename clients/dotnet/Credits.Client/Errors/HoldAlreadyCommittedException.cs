using Grpc.Core;

namespace Credits.Client.Errors;

/// <summary>
/// The hold was committed before with a different amount (<c>ALREADY_EXISTS</c>, reason
/// <c>HOLD_ALREADY_COMMITTED</c>). Repeating a commit with the same amount is not an error: it returns the first outcome.
/// </summary>
public class HoldAlreadyCommittedException : CreditsException
{
    /// <summary>Creates the exception; <see cref="HoldId"/> and <see cref="Committed"/> are read from <paramref name="metadata"/>.</summary>
    /// <param name="message">What went wrong, as the server described it.</param>
    /// <param name="statusCode">The gRPC status code of the failed call.</param>
    /// <param name="metadata">The <c>ErrorInfo</c> metadata, with <c>holdId</c> and <c>committed</c>.</param>
    /// <param name="innerException">The <see cref="Grpc.Core.RpcException"/> this exception translates, if any.</param>
    public HoldAlreadyCommittedException(
        string message,
        StatusCode statusCode,
        IReadOnlyDictionary<string, string>? metadata,
        Exception? innerException = null)
        : base(message, statusCode, CreditsErrorReasons.HoldAlreadyCommitted, metadata, innerException)
    {
        HoldId = ErrorMetadata.String(Metadata, "holdId");
        Committed = ErrorMetadata.Int64(Metadata, "committed");
    }

    /// <summary>The hold; <see langword="null"/> if the server did not say.</summary>
    public string? HoldId { get; }

    /// <summary>The credits the first commit debited; <see langword="null"/> if the server did not say.</summary>
    public long? Committed { get; }
}

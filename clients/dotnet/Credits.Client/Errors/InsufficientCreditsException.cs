using Grpc.Core;

namespace Credits.Client.Errors;

/// <summary>
/// The account has fewer available credits than the request needs (<c>FAILED_PRECONDITION</c>,
/// reason <c>INSUFFICIENT_CREDITS</c>). A reserve that loses a race to concurrent reserves also ends here.
/// </summary>
public class InsufficientCreditsException : CreditsException
{
    /// <summary>Creates the exception; <see cref="Available"/> and <see cref="Requested"/> are read from <paramref name="metadata"/>.</summary>
    /// <param name="message">What went wrong, as the server described it.</param>
    /// <param name="statusCode">The gRPC status code of the failed call.</param>
    /// <param name="metadata">The <c>ErrorInfo</c> metadata, with <c>available</c> and <c>requested</c>.</param>
    /// <param name="innerException">The <see cref="Grpc.Core.RpcException"/> this exception translates, if any.</param>
    public InsufficientCreditsException(
        string message,
        StatusCode statusCode,
        IReadOnlyDictionary<string, string>? metadata,
        Exception? innerException = null)
        : base(message, statusCode, CreditsErrorReasons.InsufficientCredits, metadata, innerException)
    {
        Available = ErrorMetadata.Int64(Metadata, "available");
        Requested = ErrorMetadata.Int64(Metadata, "requested");
    }

    /// <summary>The credits that were available when the request was decided; <see langword="null"/> if the server did not say.</summary>
    public long? Available { get; }

    /// <summary>The credits the request needed; <see langword="null"/> if the server did not say.</summary>
    public long? Requested { get; }
}

using Grpc.Core;

namespace Credits.Client.Errors;

/// <summary>A well-formed hold id names no hold (<c>NOT_FOUND</c>, reason <c>HOLD_NOT_FOUND</c>).</summary>
public class HoldNotFoundException : CreditsException
{
    /// <summary>Creates the exception; <see cref="HoldId"/> is read from <paramref name="metadata"/>.</summary>
    /// <param name="message">What went wrong, as the server described it.</param>
    /// <param name="statusCode">The gRPC status code of the failed call.</param>
    /// <param name="metadata">The <c>ErrorInfo</c> metadata, with <c>holdId</c>.</param>
    /// <param name="innerException">The <see cref="Grpc.Core.RpcException"/> this exception translates, if any.</param>
    public HoldNotFoundException(
        string message,
        StatusCode statusCode,
        IReadOnlyDictionary<string, string>? metadata,
        Exception? innerException = null)
        : base(message, statusCode, CreditsErrorReasons.HoldNotFound, metadata, innerException)
    {
        HoldId = ErrorMetadata.String(Metadata, "holdId");
    }

    /// <summary>The unknown hold id; <see langword="null"/> if the server did not say.</summary>
    public string? HoldId { get; }
}

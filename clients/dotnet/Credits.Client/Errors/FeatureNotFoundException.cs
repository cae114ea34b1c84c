using Grpc.Core;

namespace Credits.Client.Errors;

/// <summary>The feature of a reserve is not in the price catalogue (<c>NOT_FOUND</c>, reason <c>FEATURE_NOT_FOUND</c>).</summary>
public class FeatureNotFoundException : CreditsException
{
    /// <summary>Creates the exception; <see cref="Feature"/> is read from <paramref name="metadata"/>.</summary>
    /// <param name="message">What went wrong, as the server described it.</param>
    /// <param name="statusCode">The gRPC status code of the failed call.</param>
    /// <param name="metadata">The <c>ErrorInfo</c> metadata, with <c>feature</c>.</param>
    /// <param name="innerException">The <see cref="Grpc.Core.RpcException"/> this exception translates, if any.</param>
    public FeatureNotFoundException(
        string message,
        StatusCode statusCode,
        IReadOnlyDictionary<string, string>? metadata,
        Exception? innerException = null)
        : base(message, statusCode, CreditsErrorReasons.FeatureNotFound, metadata, innerException)
    {
        Feature = ErrorMetadata.String(Metadata, "feature");
    }

    /// <summary>The unknown feature; <see langword="null"/> if the server did not say.</summary>
    public string? Feature { get; }
}

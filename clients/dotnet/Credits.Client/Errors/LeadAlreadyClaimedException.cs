using Grpc.Core;

namespace Credits.Client.Errors;

/// <summary>
/// The lead was claimed by another user already (<c>FAILED_PRECONDITION</c>, reason <c>LEAD_ALREADY_CLAIMED</c>).
/// Claiming it again for the same user with the same idempotency key is not an error.
/// </summary>
public class LeadAlreadyClaimedException : CreditsException
{
    /// <summary>Creates the exception; <see cref="LeadAccountId"/> is read from <paramref name="metadata"/>.</summary>
    /// <param name="message">What went wrong, as the server described it.</param>
    /// <param name="statusCode">The gRPC status code of the failed call.</param>
    /// <param name="metadata">The <c>ErrorInfo</c> metadata, with <c>leadAccountId</c>.</param>
    /// <param name="innerException">The <see cref="Grpc.Core.RpcException"/> this exception translates, if any.</param>
    public LeadAlreadyClaimedException(
        string message,
        StatusCode statusCode,
        IReadOnlyDictionary<string, string>? metadata,
        Exception? innerException = null)
        : base(message, statusCode, CreditsErrorReasons.LeadAlreadyClaimed, metadata, innerException)
    {
        LeadAccountId = ErrorMetadata.String(Metadata, "leadAccountId");
    }

    /// <summary>The lead account, <c>lead:&lt;id&gt;</c>; <see langword="null"/> if the server did not say.</summary>
    public string? LeadAccountId { get; }
}

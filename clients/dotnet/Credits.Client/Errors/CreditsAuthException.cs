using Grpc.Core;

namespace Credits.Client.Errors;

/// <summary>
/// The call was not authorized: <c>UNAUTHENTICATED</c> when the API key is missing (reason <c>API_KEY_MISSING</c>)
/// or unknown (<c>API_KEY_INVALID</c>), <c>PERMISSION_DENIED</c> when the key lacks the scope the RPC needs
/// (<c>SCOPE_MISSING</c>). Retrying does not help; fix the key or its scopes.
/// </summary>
public class CreditsAuthException : CreditsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, as the server described it.</param>
    /// <param name="statusCode">The gRPC status code of the failed call.</param>
    /// <param name="reason">The <c>ErrorInfo</c> reason (see <see cref="CreditsErrorReasons"/>), or <see langword="null"/> if there was none.</param>
    /// <param name="metadata">The <c>ErrorInfo</c> metadata, if any.</param>
    /// <param name="innerException">The <see cref="Grpc.Core.RpcException"/> this exception translates, if any.</param>
    public CreditsAuthException(
        string message,
        StatusCode statusCode,
        string? reason,
        IReadOnlyDictionary<string, string>? metadata,
        Exception? innerException = null)
        : base(message, statusCode, reason, metadata, innerException)
    {
    }

    /// <summary>For <c>SCOPE_MISSING</c>: the scope the key lacks (metadata <c>scope</c>, such as <c>ledger:write</c>); otherwise <see langword="null"/>.</summary>
    public string? Scope => ErrorMetadata.String(Metadata, "scope");

    /// <summary><see langword="true"/> for <c>PERMISSION_DENIED</c>: the key is valid but lacks a scope.</summary>
    public bool IsPermissionDenied => StatusCode == StatusCode.PermissionDenied;
}

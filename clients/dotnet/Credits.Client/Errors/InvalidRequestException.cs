using Google.Rpc;
using Grpc.Core;

namespace Credits.Client.Errors;

/// <summary>
/// A request field is malformed or out of range (<c>INVALID_ARGUMENT</c>, reason <c>INVALID_REQUEST</c>).
/// Bad input never changes state, so correcting the field and sending again is safe.
/// </summary>
public class InvalidRequestException : CreditsException
{
    /// <summary>
    /// Creates the exception. <see cref="Field"/> is the first field violation's field, or else the
    /// <c>field</c> entry of <paramref name="metadata"/>.
    /// </summary>
    /// <param name="message">What went wrong, as the server described it.</param>
    /// <param name="statusCode">The gRPC status code of the failed call.</param>
    /// <param name="metadata">The <c>ErrorInfo</c> metadata, usually with <c>field</c>.</param>
    /// <param name="fieldViolations">The <c>google.rpc.BadRequest</c> field violations, if the server sent any.</param>
    /// <param name="innerException">The <see cref="Grpc.Core.RpcException"/> this exception translates, if any.</param>
    public InvalidRequestException(
        string message,
        StatusCode statusCode,
        IReadOnlyDictionary<string, string>? metadata,
        IEnumerable<BadRequest.Types.FieldViolation>? fieldViolations,
        Exception? innerException = null)
        : base(message, statusCode, CreditsErrorReasons.InvalidRequest, metadata, innerException)
    {
        FieldViolations = fieldViolations?.ToArray() ?? [];
        Field = FieldViolations.Select(violation => violation.Field).FirstOrDefault(field => !string.IsNullOrEmpty(field))
            ?? ErrorMetadata.String(Metadata, "field");
    }

    /// <summary>
    /// The offending request field as a proto field path in snake_case, such as <c>amount</c>,
    /// <c>expires_at</c> or <c>metadata[key]</c>; <see langword="null"/> if the server did not say.
    /// </summary>
    public string? Field { get; }

    /// <summary>Every field violation of the <c>google.rpc.BadRequest</c> detail; empty if there was none.</summary>
    public IReadOnlyList<BadRequest.Types.FieldViolation> FieldViolations { get; }
}

using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;

namespace Credits.Client.Errors;

/// <summary>
/// The one place that turns a gRPC failure of the credits service into a typed <see cref="CreditsException"/>.
/// </summary>
/// <remarks>
/// The <c>google.rpc.Status</c> in the <c>grpc-status-details-bin</c> trailer is read for a
/// <c>google.rpc.ErrorInfo</c> of domain <see cref="CreditsErrorReasons.Domain"/>; its reason picks the type:
/// <list type="table">
/// <item><term><c>INSUFFICIENT_CREDITS</c></term><description><see cref="InsufficientCreditsException"/></description></item>
/// <item><term><c>HOLD_NOT_ACTIVE</c></term><description><see cref="HoldNotActiveException"/></description></item>
/// <item><term><c>HOLD_NOT_FOUND</c></term><description><see cref="HoldNotFoundException"/></description></item>
/// <item><term><c>HOLD_ALREADY_COMMITTED</c></term><description><see cref="HoldAlreadyCommittedException"/></description></item>
/// <item><term><c>IDEMPOTENCY_KEY_REUSED</c></term><description><see cref="IdempotencyKeyReusedException"/></description></item>
/// <item><term><c>FEATURE_NOT_FOUND</c></term><description><see cref="FeatureNotFoundException"/></description></item>
/// <item><term><c>LEAD_ALREADY_CLAIMED</c></term><description><see cref="LeadAlreadyClaimedException"/></description></item>
/// <item><term><c>INVALID_REQUEST</c></term><description><see cref="InvalidRequestException"/> (field from <c>google.rpc.BadRequest</c>)</description></item>
/// <item><term><c>DATABASE_UNAVAILABLE</c>, <c>SHUTTING_DOWN</c></term><description><see cref="CreditsUnavailableException"/></description></item>
/// <item><term><c>API_KEY_MISSING</c>, <c>API_KEY_INVALID</c>, <c>SCOPE_MISSING</c></term><description><see cref="CreditsAuthException"/></description></item>
/// </list>
/// Otherwise the status code decides: <c>UNAUTHENTICATED</c> and <c>PERMISSION_DENIED</c> give
/// <see cref="CreditsAuthException"/>, <c>UNAVAILABLE</c> gives <see cref="CreditsUnavailableException"/>, and
/// everything else (an unknown reason, another domain, no details, <c>CANCELLED</c>, <c>DEADLINE_EXCEEDED</c>,
/// <c>RESOURCE_EXHAUSTED</c>, <c>INTERNAL</c>...) a plain <see cref="CreditsException"/> with
/// <see cref="CreditsException.StatusCode"/> set. The reason and metadata are kept on every result.
/// </remarks>
public static class ErrorTranslator
{
    /// <summary>Translates <paramref name="exception"/>; never throws for a malformed or missing status detail.</summary>
    /// <param name="exception">The failure of a call to the credits service.</param>
    /// <returns>The typed exception, with <paramref name="exception"/> as its inner exception.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public static CreditsException Translate(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);

        var code = exception.StatusCode;
        var status = ReadStatus(exception);
        var info = Detail<ErrorInfo>(status);
        var reason = string.IsNullOrEmpty(info?.Reason) ? null : info.Reason;
        var metadata = info is null || info.Metadata.Count == 0
            ? null
            : new Dictionary<string, string>(info.Metadata, StringComparer.Ordinal);
        var message = Describe(exception, code, reason);

        if (info is not null && string.Equals(info.Domain, CreditsErrorReasons.Domain, StringComparison.Ordinal))
        {
            CreditsException? known = reason switch
            {
                CreditsErrorReasons.InsufficientCredits => new InsufficientCreditsException(message, code, metadata, exception),
                CreditsErrorReasons.HoldNotActive => new HoldNotActiveException(message, code, metadata, exception),
                CreditsErrorReasons.HoldNotFound => new HoldNotFoundException(message, code, metadata, exception),
                CreditsErrorReasons.HoldAlreadyCommitted => new HoldAlreadyCommittedException(message, code, metadata, exception),
                CreditsErrorReasons.IdempotencyKeyReused => new IdempotencyKeyReusedException(message, code, metadata, exception),
                CreditsErrorReasons.FeatureNotFound => new FeatureNotFoundException(message, code, metadata, exception),
                CreditsErrorReasons.LeadAlreadyClaimed => new LeadAlreadyClaimedException(message, code, metadata, exception),
                CreditsErrorReasons.InvalidRequest => new InvalidRequestException(
                    message, code, metadata, Detail<BadRequest>(status)?.FieldViolations, exception),
                CreditsErrorReasons.DatabaseUnavailable or CreditsErrorReasons.ShuttingDown => new CreditsUnavailableException(message, code, reason, metadata, exception),
                CreditsErrorReasons.ApiKeyMissing or CreditsErrorReasons.ApiKeyInvalid or CreditsErrorReasons.ScopeMissing =>
                    new CreditsAuthException(message, code, reason, metadata, exception),
                _ => null,
            };
            if (known is not null)
            {
                return known;
            }
        }

        return code switch
        {
            StatusCode.Unauthenticated or StatusCode.PermissionDenied => new CreditsAuthException(message, code, reason, metadata, exception),
            StatusCode.Unavailable => new CreditsUnavailableException(message, code, reason, metadata, exception),
            _ => new CreditsException(message, code, reason, metadata, exception),
        };
    }

    /// <summary>The delay of the failure's <c>google.rpc.RetryInfo</c>, if it carries one.</summary>
    internal static TimeSpan? RetryDelayOf(RpcException exception) =>
        Detail<RetryInfo>(ReadStatus(exception))?.RetryDelay?.ToTimeSpan();

    private static Google.Rpc.Status? ReadStatus(RpcException exception) =>
        exception.Trailers.GetRpcStatus(ignoreParseError: true);

    private static T? Detail<T>(Google.Rpc.Status? status)
        where T : class, IMessage<T>, new()
    {
        if (status is null)
        {
            return null;
        }

        try
        {
            return status.GetDetail<T>();
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static string Describe(RpcException exception, StatusCode code, string? reason)
    {
        var detail = exception.Status.Detail;
        var what = string.IsNullOrWhiteSpace(detail) ? "The credits service call failed." : detail;
        return reason is null ? $"{what} ({code})" : $"{what} ({code}, {reason})";
    }
}

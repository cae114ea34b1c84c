using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Credits.Server.Errors;

/// <summary>
/// Builds the rich errors the server raises itself (authentication, shutdown). Each carries exactly
/// one <c>ErrorInfo</c>, as ledger errors do.
/// </summary>
internal static class RpcErrors
{
    public static Google.Rpc.Status Status(StatusCode code, string message, string reason,
        IEnumerable<KeyValuePair<string, string>>? metadata = null)
    {
        var info = new ErrorInfo { Domain = ErrorReasons.Domain, Reason = reason };
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                info.Metadata[key] = value;
            }
        }
        return new Google.Rpc.Status
        {
            Code = (int)code,
            Message = message,
            Details = { Any.Pack(info) },
        };
    }

    public static RpcException ApiKeyMissing() =>
        Status(StatusCode.Unauthenticated, "Send an API key as 'authorization: Bearer <key>'.", ErrorReasons.ApiKeyMissing)
            .ToRpcException();

    public static RpcException ApiKeyInvalid() =>
        Status(StatusCode.Unauthenticated, "The API key is not valid for this server.", ErrorReasons.ApiKeyInvalid)
            .ToRpcException();

    public static RpcException ScopeMissing(string scope) =>
        Status(StatusCode.PermissionDenied, $"The API key lacks the scope {scope}.", ErrorReasons.ScopeMissing,
            [new("scope", scope)]).ToRpcException();

    public static RpcException ShuttingDown() =>
        Status(StatusCode.Unavailable, "The server is shutting down; reconnect and resume after the last sequence received.",
            ErrorReasons.ShuttingDown).ToRpcException();

    /// <summary>An unexpected failure: the details stay in the server's log, never in the reply.</summary>
    public static RpcException Internal() => new(new Grpc.Core.Status(StatusCode.Internal, "Internal error."));

    /// <summary>The client went away; nobody reads this status, but the handler must end with one.</summary>
    public static RpcException Cancelled() => new(new Grpc.Core.Status(StatusCode.Cancelled, "The call was cancelled."));
}

using System.Globalization;
using Credits.Server.Errors;
using Grpc.Core;

namespace Credits.Server.Auth;

/// <summary>The errors of end-user tokens, each with one <c>ErrorInfo</c> like every other error.</summary>
internal static class EndUserTokenErrors
{
    public static RpcException Invalid(string message) =>
        RpcErrors.Status(StatusCode.Unauthenticated, message, ErrorReasons.TokenInvalid).ToRpcException();

    public static RpcException Expired(DateTimeOffset expiredAt) =>
        RpcErrors.Status(StatusCode.Unauthenticated, "The token has expired; ask the product's backend for a new one.", ErrorReasons.TokenExpired,
            [new("expiredAt", expiredAt.ToString("O", CultureInfo.InvariantCulture))]).ToRpcException();

    public static RpcException MethodDenied(string method) =>
        RpcErrors.Status(StatusCode.PermissionDenied, $"An end-user token may not call {method}.", ErrorReasons.TokenMethodDenied,
            [new("method", method)]).ToRpcException();

    public static RpcException AccountDenied(string accountId) =>
        RpcErrors.Status(StatusCode.PermissionDenied, $"The token was not minted for the account {accountId}.", ErrorReasons.TokenAccountDenied,
            [new("accountId", accountId)]).ToRpcException();

    public static RpcException PoolDenied(string poolAccountId) =>
        RpcErrors.Status(StatusCode.PermissionDenied, $"The token's account is not an admin of the pool {poolAccountId}.", ErrorReasons.TokenPoolDenied,
            [new("poolAccountId", poolAccountId)]).ToRpcException();
}

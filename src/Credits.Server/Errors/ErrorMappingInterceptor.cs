using Credits.Ledger.Errors;
using Credits.Server.Auth;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Credits.Server.Errors;

/// <summary>
/// The one place where failures become gRPC statuses, for every kind of call: ledger errors through
/// <see cref="LedgerErrorMapping"/>, unexpected exceptions as INTERNAL without details, and a call
/// the client cancelled as a quiet CANCELLED. Each failed call is logged exactly once here.
/// </summary>
internal sealed partial class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    // Logged as the caller of a call that failed before authentication.
    private const string Anonymous = "-";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception error)
        {
            var mapped = Map(error, context);
            if (ReferenceEquals(mapped, error))
            {
                throw;
            }
            throw mapped;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception error)
        {
            var mapped = Map(error, context);
            if (ReferenceEquals(mapped, error))
            {
                throw;
            }
            throw mapped;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception error)
        {
            var mapped = Map(error, context);
            if (ReferenceEquals(mapped, error))
            {
                throw;
            }
            throw mapped;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception error)
        {
            var mapped = Map(error, context);
            if (ReferenceEquals(mapped, error))
            {
                throw;
            }
            throw mapped;
        }
    }

    private RpcException Map(Exception error, ServerCallContext context)
    {
        switch (error)
        {
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                // The client cancelled or its deadline passed: not a failure of the server.
                LogCancelled(context.Method);
                return RpcErrors.Cancelled();
            case LedgerException ledgerError:
                var mapped = LedgerErrorMapping.ToRpcException(ledgerError);
                LogFailure(mapped, context);
                return mapped;
            case RpcException rpcError:
                LogFailure(rpcError, context);
                return rpcError;
            default:
                LogUnexpected(error, context.Method, CallerContext.Find(context)?.Name ?? Anonymous);
                return RpcErrors.Internal();
        }
    }

    private void LogFailure(RpcException error, ServerCallContext context)
    {
        var reason = error.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason ?? "";
        var level = (error.StatusCode, reason) switch
        {
            // Streams ended by a shutdown are expected; the client resumes elsewhere.
            (StatusCode.Unavailable, ErrorReasons.ShuttingDown) => LogLevel.Information,
            // A flood is refused thousands of times a second: a line for each would turn it into a
            // flood of logs. The refusals are counted in the rate limiter's own metrics instead.
            (StatusCode.ResourceExhausted, ErrorReasons.RateLimited) => LogLevel.Debug,
            // Operators act on these: a misconfigured client, a probing one, or a struggling database.
            (StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.Unavailable or StatusCode.Internal, _) => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        LogCallFailed(level, context.Method, error.StatusCode, reason, CallerContext.Find(context)?.Name ?? Anonymous);
    }

    [LoggerMessage(Message = "Call {Method} failed with {StatusCode} {Reason} for caller {Caller}")]
    private partial void LogCallFailed(LogLevel level, string method, StatusCode statusCode, string reason, string caller);

    [LoggerMessage(Level = LogLevel.Error, Message = "Call {Method} for caller {Caller} failed with an unexpected exception; replied INTERNAL")]
    private partial void LogUnexpected(Exception error, string method, string caller);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Call {Method} was cancelled by the client")]
    private partial void LogCancelled(string method);
}

using System.Diagnostics;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Credits.Server.Telemetry;

/// <summary>
/// Records every call's duration with its method, final status and ErrorInfo reason. It is the
/// outermost interceptor, so it sees the status the caller sees, after errors were mapped.
/// </summary>
public sealed class RpcMetricsInterceptor : Interceptor
{
    /// <inheritdoc/>
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(request, context);
            Record(context, started, null);
            return response;
        }
        catch (Exception error)
        {
            Record(context, started, error);
            throw;
        }
    }

    /// <inheritdoc/>
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await continuation(request, responseStream, context);
            Record(context, started, null);
        }
        catch (Exception error)
        {
            Record(context, started, error);
            throw;
        }
    }

    private static void Record(ServerCallContext context, long started, Exception? error)
    {
        var (status, reason) = error switch
        {
            null => (context.Status.StatusCode, ""),
            RpcException rpc => (rpc.StatusCode, rpc.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason ?? ""),
            OperationCanceledException => (StatusCode.Cancelled, ""),
            _ => (StatusCode.Unknown, ""),
        };
        ServerMetrics.RpcDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("rpc.method", context.Method),
            new KeyValuePair<string, object?>("rpc.grpc.status_code", status.ToString()),
            new KeyValuePair<string, object?>("error.reason", reason));
    }
}

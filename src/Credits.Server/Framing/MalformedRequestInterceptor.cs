using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Credits.Server.Framing;

/// <summary>
/// The outermost interceptor of every service: answers a call <see cref="RequestMessageGuard"/>
/// refused with its status, before authentication or the handler sees the empty stand-in message.
/// Calls that stream requests (reflection's) cannot be read ahead, so their messages are checked as
/// the handler reads them (<see cref="CheckedRequestStream{T}"/>).
/// </summary>
internal sealed class MalformedRequestInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        RequestMessageGuard.ThrowIfRefused(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        RequestMessageGuard.ThrowIfRefused(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedRequestStream<TRequest>(requestStream), context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedRequestStream<TRequest>(requestStream), responseStream, context);
}

/// <summary>Wires the guard: its middleware after routing, its interceptor ahead of every service's own.</summary>
internal static class RequestMessageGuardRegistration
{
    public static void AddRequestMessageGuard(this GrpcServiceOptions options) =>
        options.Interceptors.Add<MalformedRequestInterceptor>();

    /// <summary>After gRPC-Web (whose text mode the guard must read decoded) and CORS (whose preflight has no body).</summary>
    public static void UseRequestMessageGuard(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestMessageGuard>();
}

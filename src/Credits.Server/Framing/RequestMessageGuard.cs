using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Credits.Server.Framing;

/// <summary>
/// Middleware in front of every gRPC method that takes one request message (unary and
/// server-streaming: all of ours and health's): reads the body (at most the message size limit),
/// checks it is one well-formed frame holding a message its method can parse, and otherwise marks
/// the call refused. A refused call reaches the framework with an empty message in place of its
/// body, and <see cref="MalformedRequestInterceptor"/> answers it INVALID_ARGUMENT before any
/// handler (or authentication) runs, so the framework writes the status as for any other call,
/// gRPC and gRPC-Web alike. Refusing here, not in the handler, is what keeps a malformed body from
/// ever becoming UNKNOWN or INTERNAL.
/// </summary>
internal sealed partial class RequestMessageGuard(RequestDelegate next, IOptions<GrpcServiceOptions> options, ILogger<RequestMessageGuard> logger)
{
    private const string RefusalKey = "credits.request-refusal";

    private static readonly byte[] EmptyFrame = new byte[RequestFrame.PrefixSize];

    private readonly GrpcServiceOptions _options = options.Value;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not { } grpc
            || grpc.Method.Type is not (MethodType.Unary or MethodType.ServerStreaming)
            || context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
        {
            await next(context);
            return;
        }
        var maxMessageBytes = _options.MaxReceiveMessageSize ?? int.MaxValue - RequestFrame.PrefixSize - 1;
        var frame = await ReadFrameAsync(context, grpc.Method, maxMessageBytes);
        context.Features.Set<IRequestBodyPipeFeature>(new BufferedBody(frame));
        await next(context);
    }

    /// <summary>Throws the refusal of a malformed request; called before anything else handles the call.</summary>
    public static void ThrowIfRefused(ServerCallContext context)
    {
        if (context.GetHttpContext().Items.TryGetValue(RefusalKey, out var refusal) && refusal is RpcException error)
        {
            throw error;
        }
    }

    private async Task<byte[]> ReadFrameAsync(HttpContext context, IMethod method, int maxMessageBytes)
    {
        var limit = RequestFrame.PrefixSize + (long)maxMessageBytes + 1;
        var reader = context.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted);
            var buffer = result.Buffer;
            if (result.IsCompleted || buffer.Length >= limit || DeclaresTooMuch(buffer, maxMessageBytes))
            {
                var body = buffer.Length > limit ? buffer.Slice(0, limit) : buffer;
                var frame = Check(context, method, body, maxMessageBytes);
                reader.AdvanceTo(buffer.End);
                return frame;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private byte[] Check(HttpContext context, IMethod method, ReadOnlySequence<byte> body, int maxMessageBytes)
    {
        var reading = RequestFrame.Read(body, context.Request.Headers["grpc-encoding"].FirstOrDefault(),
            _options.CompressionProviders, maxMessageBytes);
        if (reading.Refusal is null && reading.Message is null)
        {
            return body.ToArray();
        }
        var refusal = reading.Refusal;
        if (reading.Message is { } message && RequestParsers.Problem(method, message) is { } problem)
        {
            refusal = MalformedRequests.Refuse(problem);
        }
        if (refusal is not null)
        {
            LogRefused(method.FullName, refusal.StatusCode, refusal.Status.Detail);
            context.Items[RefusalKey] = refusal;
            return EmptyFrame;
        }
        return Frame(reading.Message!);
    }

    // A prefix announcing more than the limit is refused at once, as the framework does, rather
    // than after waiting for a body that may never come.
    private static bool DeclaresTooMuch(ReadOnlySequence<byte> buffer, int maxMessageBytes)
    {
        if (buffer.Length < RequestFrame.PrefixSize)
        {
            return false;
        }
        Span<byte> prefix = stackalloc byte[RequestFrame.PrefixSize];
        buffer.Slice(0, RequestFrame.PrefixSize).CopyTo(prefix);
        return BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]) > (uint)maxMessageBytes;
    }

    private static byte[] Frame(byte[] message)
    {
        var frame = new byte[RequestFrame.PrefixSize + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, RequestFrame.PrefixSize);
        return frame;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Method} refused before parsing: {StatusCode} {Why}")]
    private partial void LogRefused(string method, StatusCode statusCode, string why);

    /// <summary>The body as read here, handed to the framework in place of the connection's.</summary>
    private sealed class BufferedBody(byte[] frame) : IRequestBodyPipeFeature
    {
        public PipeReader Reader { get; } = PipeReader.Create(new ReadOnlySequence<byte>(frame));
    }
}

using System.Buffers;
using Credits.Server.Errors;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Net.Http.Headers;

namespace Credits.Server.Json;

/// <summary>
/// Middleware in front of every transcoded (HTTP/JSON) route with a body: reads the body (at most the
/// gRPC message size limit) and checks it is JSON of the method's request message, with protobuf's
/// own JSON parser, which refuses unknown fields. Otherwise the call is answered 400 with a
/// google.rpc.Status carrying <c>MALFORMED_REQUEST</c> or <c>REQUEST_TOO_LARGE</c> before
/// authentication or the handler runs, so nothing changes. Without it transcoding silently dropped
/// unknown fields (a misspelt <c>idempotencyKey</c> then reached the ledger as a request without one),
/// answered malformed JSON with a bare 400 and no reason, and read bodies up to Kestrel's 1 MB,
/// where gRPC stops at 64 KB.
/// </summary>
internal sealed partial class JsonRequestGuard(RequestDelegate next, ILogger<JsonRequestGuard> logger)
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    /// <summary>The largest body accepted: the same bytes as a gRPC request message.</summary>
    public const int BodyBytesMax = ServerHost.ReceiveMessageSizeBytesMax;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not { } json
            || string.IsNullOrEmpty(json.HttpRule.Body))
        {
            await next(context);
            return;
        }
        var refusal = await CheckAsync(context, json);
        if (refusal is not null)
        {
            LogRefused(json.MethodDescriptor.FullName, refusal.Message);
            await JsonErrors.WriteAsync(context.Response, refusal);
            return;
        }
        await next(context);
    }

    private static async Task<Google.Rpc.Status?> CheckAsync(HttpContext context, GrpcJsonTranscodingMetadata json)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Malformed("send the body as JSON with the header 'content-type: application/json'");
        }
        if (context.Request.ContentLength > BodyBytesMax)
        {
            return TooLarge();
        }
        var body = await ReadAtMostAsync(context, BodyBytesMax + 1);
        if (body.Length > BodyBytesMax)
        {
            return TooLarge();
        }
        // The route's path variables (account_id, hold_id) are not in the body; with body "*" every
        // other field may be, so the whole request message is what the body must parse as.
        try
        {
            Parser.Parse(System.Text.Encoding.UTF8.GetString(body), json.MethodDescriptor.InputType);
        }
        catch (InvalidJsonException error)
        {
            return Malformed($"the body is not valid JSON ({error.Message.TrimEnd('.')})");
        }
        catch (InvalidProtocolBufferException error)
        {
            return Malformed($"the body is not a {json.MethodDescriptor.InputType.Name} ({error.Message.TrimEnd('.')})");
        }
        catch (FormatException error)
        {
            return Malformed($"the body is not a {json.MethodDescriptor.InputType.Name} ({error.Message.TrimEnd('.')})");
        }
        // Handed on as read: transcoding parses it again, into the message the handler gets.
        context.Request.Body = new MemoryStream(body, writable: false);
        return null;
    }

    private static async Task<byte[]> ReadAtMostAsync(HttpContext context, int limit)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted);
            var buffer = result.Buffer;
            if (result.IsCompleted || buffer.Length >= limit)
            {
                var bytes = (buffer.Length > limit ? buffer.Slice(0, limit) : buffer).ToArray();
                reader.AdvanceTo(buffer.End);
                return bytes;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static Google.Rpc.Status Malformed(string why) =>
        RpcErrors.Status(StatusCode.InvalidArgument, $"The request is not a well-formed message: {why}.", ErrorReasons.MalformedRequest);

    private static Google.Rpc.Status TooLarge() =>
        RpcErrors.Status(StatusCode.InvalidArgument, $"The request body is larger than {BodyBytesMax} bytes.", ErrorReasons.RequestTooLarge,
            [new("maxBytes", BodyBytesMax.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP/JSON call {Method} refused before parsing: {Why}")]
    private partial void LogRefused(string method, string why);
}

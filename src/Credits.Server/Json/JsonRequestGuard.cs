using System.Buffers;
using Credits.Server.Errors;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Net.Http.Headers;

namespace Credits.Server.Json;

/// <summary>
/// Middleware in front of every transcoded (HTTP/JSON) route: checks that the request says only what
/// the route reads, and otherwise answers 400 with a google.rpc.Status before authentication or the
/// handler runs, so nothing changes. Transcoding itself silently dropped what it did not read: an
/// unknown body field (a misspelt <c>idempotencyKey</c> reached the ledger as a request without one),
/// an unknown query parameter, a body <c>accountId</c> other than the path's (the path won); it
/// answered malformed JSON with a bare 400 and no reason, and read bodies up to Kestrel's 1 MB where
/// gRPC stops at 64 KB. The body is parsed with protobuf's own JSON parser, which refuses unknown fields.
/// </summary>
internal sealed partial class JsonRequestGuard(RequestDelegate next, ILogger<JsonRequestGuard> logger)
{
    /// <summary>The largest body accepted: the same bytes as a gRPC request message.</summary>
    public const int BodyBytesMax = ServerHost.ReceiveMessageSizeBytesMax;

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not { } json)
        {
            await next(context);
            return;
        }
        var hasBody = !string.IsNullOrEmpty(json.HttpRule.Body);
        var refusal = UnreadQuery(context, json.MethodDescriptor.InputType, hasBody)
            ?? (hasBody ? await CheckBodyAsync(context, json.MethodDescriptor.InputType) : null);
        if (refusal is not null)
        {
            LogRefused(json.MethodDescriptor.FullName, refusal.Message);
            await JsonErrors.WriteAsync(context.Response, refusal);
            return;
        }
        await next(context);
    }

    // With body "*" the query is not read at all; otherwise it sets the request's fields by name,
    // except those the path sets (which win over the query).
    private static Google.Rpc.Status? UnreadQuery(HttpContext context, MessageDescriptor input, bool hasBody)
    {
        foreach (var name in context.Request.Query.Keys)
        {
            var first = name.Split('.')[0];
            var field = input.FindFieldByName(first) ?? input.Fields.InDeclarationOrder().FirstOrDefault(candidate => candidate.JsonName == first);
            if (hasBody || field is null || context.Request.RouteValues.ContainsKey(field.Name))
            {
                return Malformed($"the query parameter '{name}' is not read on this route" + (hasBody ? "; send it in the JSON body" : ""));
            }
        }
        return null;
    }

    private static async Task<Google.Rpc.Status?> CheckBodyAsync(HttpContext context, MessageDescriptor input)
    {
        if (context.Request.ContentLength > BodyBytesMax)
        {
            return TooLarge();
        }
        var body = await ReadAtMostAsync(context, BodyBytesMax + 1);
        if (body.Length > BodyBytesMax)
        {
            return TooLarge();
        }
        if (body.Length == 0)
        {
            // No body at all (curl -X POST .../hold_x:release) reads as {}: every field left unset.
            body = EmptyObject;
            context.Request.ContentType = "application/json";
        }
        else if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType)
                 || !contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Malformed("send the body as JSON with the header 'content-type: application/json'");
        }
        IMessage message;
        try
        {
            message = Parser.Parse(System.Text.Encoding.UTF8.GetString(body), input);
        }
        catch (InvalidJsonException error)
        {
            return Malformed($"the body is not valid JSON ({error.Message.TrimEnd('.')})");
        }
        catch (Exception error) when (error is InvalidProtocolBufferException or FormatException)
        {
            return Malformed($"the body is not a {input.Name} ({error.Message.TrimEnd('.')})");
        }
        if (PathConflict(context, input, message) is { } conflict)
        {
            return conflict;
        }
        // Handed on as read: transcoding parses it again, into the message the handler gets.
        context.Request.Body = new MemoryStream(body, writable: false);
        return null;
    }

    // The route's variables (account_id, hold_id) come from the path, which transcoding lets win
    // over the body: a body naming another account would be ignored without a word.
    private static Google.Rpc.Status? PathConflict(HttpContext context, MessageDescriptor input, IMessage message)
    {
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (input.FindFieldByName(name) is { FieldType: FieldType.String } field
                && field.Accessor.GetValue(message) is string inBody && inBody.Length > 0 && inBody != value?.ToString())
            {
                var why = $"{name} is '{value}' in the path but '{inBody}' in the body; leave it out of the body.";
                var status = RpcErrors.Status(StatusCode.InvalidArgument, why, ErrorReasons.InvalidRequest, [new("field", name)]);
                status.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(new Google.Rpc.BadRequest
                {
                    FieldViolations = { new Google.Rpc.BadRequest.Types.FieldViolation { Field = name, Description = why } },
                }));
                return status;
            }
        }
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

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP/JSON call {Method} refused before it ran: {Why}")]
    private partial void LogRefused(string method, string why);
}

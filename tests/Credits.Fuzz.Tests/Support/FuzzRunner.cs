using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Credits.Fuzz.Tests.Generators;
using Credits.Testing;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Credits.Fuzz.Tests.Support;

/// <summary>
/// Sends generated requests one at a time and judges each answer: INTERNAL, UNKNOWN or an HTTP 500
/// is a failure; a refusal (a non-OK status, a 4xx from the webhook) must leave the database exactly
/// as it was (<see cref="StateFingerprint"/> before and after). Ids returned by successful calls
/// (holds, keys, subscriptions, events) feed later requests, so they meet real state.
/// </summary>
internal sealed class FuzzRunner(FuzzServer server, StateFingerprint fingerprint) : IDisposable
{
    // Answers that may change state (OK) or are not refusals by the request's fault: a stream cut at
    // its deadline, Stripe out of reach. Every other status is a refusal.
    private static readonly HashSet<StatusCode> NotRefusals = [StatusCode.OK, StatusCode.DeadlineExceeded, StatusCode.Unavailable, StatusCode.Cancelled];

    private static readonly TimeSpan UnaryDeadline = TimeSpan.FromSeconds(10);

    // A follow stream or health's Watch never ends by itself.
    private static readonly TimeSpan StreamDeadline = TimeSpan.FromMilliseconds(300);

    private static readonly ConcurrentDictionary<MethodDescriptor, object> Methods = new();

    private readonly CallInvoker _invoker = server.Channel.CreateCallInvoker();
    private readonly RawGrpc _raw = new(server.Address);
    private readonly Dictionary<string, List<string>> _pools = new(StringComparer.Ordinal);
    private string? _state;

    public FuzzTally Tally { get; } = new();

    public List<string> Failures { get; } = [];

    public async Task RunAsync(FuzzCase fuzzCase)
    {
        _state ??= await fingerprint.TakeAsync();
        Outcome outcome;
        try
        {
            outcome = await fuzzCase.RunAsync(this);
        }
        catch (Exception error) when (error is InvalidOperationException or FormatException or HttpRequestException or ArgumentException)
        {
            // The client could not send it (a header value HTTP forbids) or read the reply: which of
            // the two is unknown, so the state is not judged; the count shows how often it happens.
            outcome = new Outcome($"client error ({error.GetType().Name})", Refused: false, Forbidden: false);
        }
        Tally.Count(fuzzCase.Channel, outcome.Label);
        var after = await fingerprint.TakeAsync();
        if (outcome.Forbidden)
        {
            Failures.Add($"{outcome.Label}: {fuzzCase}");
        }
        else if (outcome.Refused && Changed(fuzzCase, _state, after))
        {
            Failures.Add($"refused ({outcome.Label}) but the database changed: {fuzzCase}\nbefore:\n{_state}\nafter:\n{after}");
        }
        _state = after;
    }

    /// <summary>
    /// Whether a refused case changed the database. One refusal is meant to leave a trace: a wrong gift
    /// code is counted per account and minute (table gift_code_attempts), since that count is what stops
    /// guessing (TOO_MANY_ATTEMPTS); every other table must stay as it was.
    /// </summary>
    private static bool Changed(FuzzCase fuzzCase, string before, string after)
    {
        var method = fuzzCase switch
        {
            RpcCase rpc => rpc.Method,
            RawCase raw => raw.Method,
            WebCase web => web.Method,
            _ => null,
        };
        if (method?.FullName != "credits.v1.GiftService.RedeemGiftCode")
        {
            return before != after;
        }
        static string WithoutAttempts(string state) =>
            string.Join('\n', state.Split('\n').Where(line => !line.StartsWith("gift_code_attempts ", StringComparison.Ordinal)));
        return WithoutAttempts(before) != WithoutAttempts(after);
    }

    public async Task<Outcome> CallAsync(RpcCase call)
    {
        // Generated afresh for each case, so it may be completed in place.
        var request = call.Request;
        ResolvePooled(request);
        var headers = new Metadata();
        if (call.Authorization is { } authorization)
        {
            headers.Add("authorization", authorization);
        }
        var method = (Method<IMessage, IMessage>)Methods.GetOrAdd(call.Method, Create);
        var streaming = call.Method.IsServerStreaming;
        var options = new CallOptions(headers, DateTime.UtcNow + (streaming ? StreamDeadline : UnaryDeadline));
        try
        {
            if (call.Method.IsClientStreaming)
            {
                // Reflection: one request, then the end of the request stream.
                using var duplex = _invoker.AsyncDuplexStreamingCall(method, null, options);
                await duplex.RequestStream.WriteAsync(request);
                await duplex.RequestStream.CompleteAsync();
                while (await duplex.ResponseStream.MoveNext(CancellationToken.None))
                {
                    Harvest(duplex.ResponseStream.Current);
                }
            }
            else if (streaming)
            {
                using var stream = _invoker.AsyncServerStreamingCall(method, null, options, request);
                while (await stream.ResponseStream.MoveNext(CancellationToken.None))
                {
                    Harvest(stream.ResponseStream.Current);
                }
            }
            else
            {
                Harvest(await _invoker.AsyncUnaryCall(method, null, options, request));
            }
            return Judge(StatusCode.OK);
        }
        catch (RpcException error)
        {
            return Judge(error.StatusCode);
        }
    }

    public async Task<Outcome> PostFrameAsync(RawCase raw)
    {
        var headers = new Dictionary<string, string>();
        if (raw.Encoding is { } encoding)
        {
            headers["grpc-encoding"] = encoding;
        }
        if (raw.Method.IsServerStreaming)
        {
            headers["grpc-timeout"] = $"{(int)StreamDeadline.TotalMilliseconds}m";
        }
        var bearer = raw.Authorization?.StartsWith("Bearer ", StringComparison.Ordinal) == true ? raw.Authorization[7..] : null;
        var reply = await _raw.CallAsync(Rpcs.Path(raw.Method), raw.Body, bearer, headers);
        if (reply.Status is { } status)
        {
            return Judge(status);
        }
        // No gRPC status at all: only an HTTP-level refusal (4xx) is acceptable.
        var code = (int)reply.Http;
        return new Outcome($"HTTP {code}", Refused: true, Forbidden: code >= 500);
    }

    public async Task<Outcome> PostGrpcWebAsync(WebCase web)
    {
        using var content = new ByteArrayContent(web.Text ? System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(web.Body)) : web.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue(web.Text ? "application/grpc-web-text" : "application/grpc-web");
        using var request = new HttpRequestMessage(HttpMethod.Post, Rpcs.Path(web.Method)) { Content = content };
        request.Headers.TryAddWithoutValidation("x-grpc-web", "1");
        request.Headers.TryAddWithoutValidation("accept", web.Text ? "application/grpc-web-text" : "application/grpc-web");
        if (web.Authorization is { } authorization)
        {
            request.Headers.TryAddWithoutValidation("authorization", authorization);
        }
        if (web.Method.IsServerStreaming)
        {
            request.Headers.TryAddWithoutValidation("grpc-timeout", $"{(int)StreamDeadline.TotalMilliseconds}m");
        }
        using var response = await server.Browser.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (GrpcWebStatus.Read(response, body) is { } status)
        {
            return Judge(status);
        }
        var code = (int)response.StatusCode;
        return new Outcome($"HTTP {code}", Refused: true, Forbidden: code >= 500);
    }

    public async Task<Outcome> PostWebhookAsync(WebhookCase webhook)
    {
        using var content = new ByteArrayContent(webhook.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/stripe/webhook") { Content = content };
        if (webhook.Signature is { } signature)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        }
        using var response = await server.Webhook.SendAsync(request);
        var code = (int)response.StatusCode;
        // 503 is the documented "ledger or Stripe unavailable, retry"; any other 5xx is a crash.
        return new Outcome($"HTTP {code}", Refused: code is >= 400 and < 500,
            Forbidden: code >= 500 && response.StatusCode != HttpStatusCode.ServiceUnavailable);
    }

    private static Outcome Judge(StatusCode status) => new(
        Label(status), Refused: !NotRefusals.Contains(status), Forbidden: status is StatusCode.Internal or StatusCode.Unknown);

    /// <summary>INVALID_ARGUMENT, as gRPC's documentation spells the codes.</summary>
    public static string Label(StatusCode status) => status switch
    {
        StatusCode.OK => "OK",
        _ => string.Concat(status.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant(),
    };

    private static object Create(MethodDescriptor method) => new Method<IMessage, IMessage>(
        (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (true, true) => MethodType.DuplexStreaming,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.Unary,
        }, method.Service.FullName, method.Name,
        Marshallers.Create<IMessage>(message => message.ToByteArray(), bytes => method.InputType.Parser.ParseFrom(bytes)),
        Marshallers.Create<IMessage>(message => message.ToByteArray(), bytes => method.OutputType.Parser.ParseFrom(bytes)));

    // Replaces "pool:<kind>:<n>" with the n-th id of that kind seen so far (if any), in every string field.
    private void ResolvePooled(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (field.IsMap || field.IsRepeated)
            {
                continue;
            }
            var value = field.Accessor.GetValue(message);
            if (value is string text && text.StartsWith(Values.PoolPrefix, StringComparison.Ordinal))
            {
                var parts = text.Split(':');
                if (parts.Length == 3 && _pools.TryGetValue(parts[1], out var pool) && pool.Count > 0 && int.TryParse(parts[2], out var index))
                {
                    field.Accessor.SetValue(message, pool[index % pool.Count]);
                }
            }
            else if (value is IMessage inner)
            {
                ResolvePooled(inner);
            }
        }
    }

    // Remembers ids a response returned, by field name: hold_id, key_id, subscription_id, event_id.
    private void Harvest(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (field.IsMap)
            {
                continue;
            }
            if (field.IsRepeated)
            {
                if (field.FieldType == FieldType.Message)
                {
                    foreach (IMessage item in (System.Collections.IList)field.Accessor.GetValue(message))
                    {
                        Harvest(item);
                    }
                }
                continue;
            }
            var value = field.Accessor.GetValue(message);
            if (value is string { Length: > 0 } id && field.Name is "hold_id" or "key_id" or "subscription_id" or "event_id")
            {
                var kind = field.Name[..field.Name.IndexOf('_', StringComparison.Ordinal)];
                if (!_pools.TryGetValue(kind, out var pool))
                {
                    _pools[kind] = pool = [];
                }
                if (!pool.Contains(id))
                {
                    pool.Add(id);
                }
            }
            else if (value is IMessage inner)
            {
                Harvest(inner);
            }
        }
    }

    public void Dispose() => _raw.Dispose();
}

using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Google.Rpc;
using Grpc.Core;

namespace Credits.Testing;

/// <summary>
/// gRPC calls built by hand: an HTTP/2 POST (prior knowledge, as over plaintext gRPC) whose body is
/// whatever bytes a test gives, so a test can send what no generated client would (a truncated
/// frame, invalid UTF-8, a wrong wire type) and read the status the server answers.
/// </summary>
public sealed class RawGrpc(Uri address) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler()) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>One frame: the 5-byte prefix (compressed flag, big-endian length) then <paramref name="message"/>.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message, bool compressed = false)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame.AsSpan(5));
        return frame;
    }

    /// <summary>Posts <paramref name="body"/> to <paramref name="path"/> (<c>/credits.v1.LedgerService/Grant</c>) and reads the status.</summary>
    public async Task<RawReply> CallAsync(string path, byte[] body, string? bearer = null,
        IReadOnlyDictionary<string, string>? headers = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("authorization", "Bearer " + bearer);
        }
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        // A trailers-only reply carries the status in its headers; any other in its trailers.
        var status = Header(response, "grpc-status");
        var details = Header(response, "grpc-status-details-bin");
        string? reason = null;
        if (details is not null)
        {
            var rich = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(Pad(details)));
            reason = rich.Details.Select(any => any.TryUnpack<ErrorInfo>(out var info) ? info.Reason : null).FirstOrDefault(r => r is not null);
        }
        return new RawReply(response.StatusCode,
            status is null ? null : (StatusCode)int.Parse(status, CultureInfo.InvariantCulture),
            Uri.UnescapeDataString(Header(response, "grpc-message") ?? ""), reason, payload);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var trailer) ? trailer.First()
        : response.Headers.TryGetValues(name, out var header) ? header.First()
        : null;

    // grpc-status-details-bin is base64 without padding.
    private static string Pad(string base64) => base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');

    public void Dispose() => _http.Dispose();
}

/// <summary>What the server answered a hand-built call: the HTTP status, the gRPC status (null if none), its message and ErrorInfo reason, and the body.</summary>
public sealed record RawReply(HttpStatusCode Http, StatusCode? Status, string Message, string? Reason, byte[] Body)
{
    public override string ToString() => $"HTTP {(int)Http}, {Status?.ToString() ?? "no grpc-status"} {Reason} '{Message}'";
}

using System.Net.Http.Headers;
using Credits.Server.Tests.Support;
using Credits.Testing;
using Grpc.Core;

namespace Credits.Server.Tests.Browser;

/// <summary>
/// A malformed body over gRPC-Web (binary and base64 text) on the browser listener is refused like
/// one over gRPC (issue 13): INVALID_ARGUMENT MALFORMED_REQUEST, read after gRPC-Web's decoding.
/// Before, it was UNKNOWN or INTERNAL. The check touches no database, so one provider suffices.
/// </summary>
public sealed class MalformedGrpcWebTests
{
    private const string GetBalancePath = "/credits.v1.LedgerService/GetBalance";

    private BrowserServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await BrowserServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private async Task<(StatusCode? Status, string? Reason)> Post(string contentType, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, GetBalancePath) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Add("x-grpc-web", "1");
        using var response = await _server.Http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        // A call refused before any message is trailers-only: the status is in the headers.
        var status = response.Headers.TryGetValues("grpc-status", out var values) ? (StatusCode?)int.Parse(values.First(), System.Globalization.CultureInfo.InvariantCulture) : null;
        string? reason = null;
        if (response.Headers.TryGetValues("grpc-status-details-bin", out var details))
        {
            var text = details.First();
            var rich = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=')));
            reason = rich.Details.Select(any => any.TryUnpack<Google.Rpc.ErrorInfo>(out var info) ? info.Reason : null).FirstOrDefault(r => r is not null);
        }
        return (status, reason);
    }

    [Test]
    public async Task A_string_that_is_not_UTF_8_over_binary_gRPC_Web_is_INVALID_ARGUMENT()
    {
        var (status, reason) = await Post("application/grpc-web", RawGrpc.Frame([0x0A, 0x02, 0xC3, 0x28]));

        Assert.That(status, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(reason, Is.EqualTo("MALFORMED_REQUEST"));
    }

    [Test]
    public async Task A_truncated_frame_over_gRPC_Web_text_is_INVALID_ARGUMENT()
    {
        var truncated = RawGrpc.Frame([0x0A, 0x0B, .. "user:abcdef"u8])[..^2];

        var (status, reason) = await Post("application/grpc-web-text", System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(truncated)));

        Assert.That(status, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(reason, Is.EqualTo("MALFORMED_REQUEST"));
    }
}

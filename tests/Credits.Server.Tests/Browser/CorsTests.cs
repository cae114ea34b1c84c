using System.Net;
using Credits.Server.Tests.Support;

namespace Credits.Server.Tests.Browser;

/// <summary>
/// CORS on the browser listener: a page from a configured origin may call the ledger and read the
/// gRPC status headers; any other origin gets no CORS grant, so its browser refuses the call.
/// </summary>
public sealed class CorsTests
{
    private const string GetBalancePath = "/credits.v1.LedgerService/GetBalance";

    private static readonly string[] GrpcWebRequestHeaders = ["authorization", "content-type", "x-grpc-web", "x-user-agent"];
    private static readonly string[] GrpcStatusHeaders = ["grpc-status", "grpc-message", "grpc-status-details-bin"];

    private BrowserServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await BrowserServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private static HttpRequestMessage Preflight(string origin) => new(HttpMethod.Options, GetBalancePath)
    {
        Headers =
        {
            { "Origin", origin },
            { "Access-Control-Request-Method", "POST" },
            { "Access-Control-Request-Headers", "authorization,content-type,x-grpc-web,x-user-agent" },
        },
    };

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Test]
    public async Task A_preflight_from_the_configured_origin_is_allowed_with_the_grpc_web_headers()
    {
        using var response = await _server.Http.SendAsync(Preflight(BrowserServer.AllowedOrigin));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo(BrowserServer.AllowedOrigin));
        Assert.That(Header(response, "Access-Control-Allow-Methods"), Is.EqualTo("POST"));
        var allowed = Header(response, "Access-Control-Allow-Headers")!.Split(',');
        Assert.That(allowed, Is.SupersetOf(GrpcWebRequestHeaders));
    }

    [Test]
    public async Task A_preflight_from_any_other_origin_gets_no_cors_grant()
    {
        using var response = await _server.Http.SendAsync(Preflight("https://evil.example.net"));

        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.Null);
        Assert.That(Header(response, "Access-Control-Allow-Headers"), Is.Null);
    }

    [Test]
    public async Task A_grpc_web_reply_to_the_configured_origin_lets_the_page_read_the_status_and_error_details()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, GetBalancePath)
        {
            // An empty GetBalanceRequest in one gRPC-Web frame, without credentials: it fails.
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
            Headers = { { "Origin", BrowserServer.AllowedOrigin }, { "X-Grpc-Web", "1" } },
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc-web+proto");

        using var response = await _server.Http.SendAsync(request);

        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo(BrowserServer.AllowedOrigin));
        var exposed = Header(response, "Access-Control-Expose-Headers")!.Split(',');
        Assert.That(exposed, Is.SupersetOf(GrpcStatusHeaders));
        Assert.That(Header(response, "grpc-status"), Is.EqualTo("16"), "UNAUTHENTICATED, in the headers of a trailers-only reply");
        Assert.That(Header(response, "grpc-status-details-bin"), Is.Not.Empty);
    }

    [Test]
    public async Task A_server_without_configured_origins_grants_cors_to_no_origin()
    {
        await using var closed = await BrowserServer.StartAsync(allowedOrigins: []);

        using var response = await closed.Http.SendAsync(Preflight(BrowserServer.AllowedOrigin));

        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.Null);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.Testing;
using Credits.Testing.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Credits.Server.Tests.Json;

/// <summary>
/// The HTTP/JSON face is served on its own listener (<c>Json:Url</c>) only: never on the public
/// Stripe webhook listener, the browsers' gRPC-Web listener or the gRPC listener, and its listener
/// serves nothing else. Without the separation every transcoded route was routable from every port.
/// </summary>
public sealed class JsonListenerSeparationTests
{
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;
    private Action _drop = null!;
    private Uri _grpc = null!;
    private Uri _browser = null!;
    private Uri _webhooks = null!;
    private Uri _json = null!;

    [OneTimeSetUp]
    public async Task StartServerWithAllFourListeners()
    {
        var database = TestDatabases.Create(DatabaseProvider.Sqlite, out _drop);
        _browser = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}");
        _webhooks = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}");
        _json = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}");
        _app = BrowserServer.Build(database, new FakeTimeProvider(LedgerServer.Start), _browser, [BrowserServer.AllowedOrigin],
            new Dictionary<string, string?>
            {
                ["Webhooks:Url"] = _webhooks.ToString(),
                ["Stripe:WebhookSecret"] = "whsec_listener_test",
                ["Json:Url"] = _json.ToString(),
            });
        await _app.StartAsync();
        _grpc = new Uri(_app.Urls.Single(url => new[] { _browser, _webhooks, _json }.All(other => new Uri(url).Port != other.Port)));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _app.DisposeAsync();
        _drop();
    }

    private static HttpRequestMessage JsonGrant(string account) =>
        new(HttpMethod.Post, $"/v1/accounts/{account}/grants")
        {
            Content = new StringContent($$"""{"amount": 10, "bucket": "BUCKET_GIFT", "idempotencyKey": "{{Guid.NewGuid():N}}"}""",
                Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", TestKeys.Writer) },
        };

    private static async Task<long> Available(HttpClient json, string account)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/accounts/{account}/balance")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", TestKeys.Writer) },
        };
        using var response = await json.SendAsync(request);
        var balance = Google.Protobuf.JsonParser.Default.Parse<Credits.V1.GetBalanceResponse>(await response.Content.ReadAsStringAsync());
        return balance.Balance.Available;
    }

    [TestCase("webhooks")]
    [TestCase("browser")]
    public async Task An_http_1_1_listener_other_than_json_answers_json_grant_404_and_grants_nothing(string listener)
    {
        var account = $"user:{Guid.NewGuid():N}";
        using var other = new HttpClient { BaseAddress = listener == "webhooks" ? _webhooks : _browser };
        using var json = new HttpClient { BaseAddress = _json };

        using var response = await other.SendAsync(JsonGrant(account));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await Available(json, account), Is.Zero);
    }

    [Test]
    public async Task The_grpc_listener_answers_json_grant_404_and_grants_nothing()
    {
        var account = $"user:{Guid.NewGuid():N}";
        using var grpc = new HttpClient { BaseAddress = _grpc };
        using var json = new HttpClient { BaseAddress = _json };

        // SendAsync takes the message's own version, not the client's default.
        using var request = JsonGrant(account);
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        using var response = await grpc.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await Available(json, account), Is.Zero);
    }

    [Test]
    public async Task The_json_listener_serves_the_json_face()
    {
        var account = $"user:{Guid.NewGuid():N}";
        using var json = new HttpClient { BaseAddress = _json };

        using var response = await json.SendAsync(JsonGrant(account));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await Available(json, account), Is.EqualTo(10));
    }

    [Test]
    public async Task The_openapi_document_is_served_on_the_json_listener_only()
    {
        using var json = new HttpClient { BaseAddress = _json };
        using var webhooks = new HttpClient { BaseAddress = _webhooks };
        using var browser = new HttpClient { BaseAddress = _browser };

        using var served = await json.GetAsync("/openapi/v1.json");
        using var onWebhooks = await webhooks.GetAsync("/openapi/v1.json");
        using var onBrowser = await browser.GetAsync("/openapi/v1.json");

        Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(onWebhooks.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(onBrowser.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_json_listener_serves_neither_grpc_web_nor_health_nor_the_webhook()
    {
        using var json = new HttpClient { BaseAddress = _json };
        using var grpcWeb = new ByteArrayContent([0, 0, 0, 0, 0]);
        grpcWeb.Headers.ContentType = new MediaTypeHeaderValue("application/grpc-web");

        using var grant = await json.PostAsync("/credits.v1.LedgerService/GetBalance", grpcWeb);
        using var health = await json.PostAsync("/grpc.health.v1.Health/Check", new ByteArrayContent([0, 0, 0, 0, 0]));
        using var webhook = await json.PostAsync("/stripe/webhook", new StringContent("{}"));

        Assert.That(grant.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(webhook.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}

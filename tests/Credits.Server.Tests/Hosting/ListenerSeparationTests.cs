using System.Net;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.Testing;
using Credits.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Microsoft.Extensions.Time.Testing;

namespace Credits.Server.Tests.Hosting;

/// <summary>
/// Each listener serves only its own endpoints: the gRPC listener the gRPC services, the browser
/// listener gRPC-Web to the ledger service, the Stripe listener the webhook. Before, gRPC-Web Grant
/// and GetBalance succeeded on the public webhook port, and webhooks were applied on the gRPC and
/// browser ports.
/// </summary>
public sealed class ListenerSeparationTests
{
    private const string WebhookPath = "/stripe/webhook";

    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;
    private Action _drop = null!;
    private Uri _grpc = null!;
    private Uri _browser = null!;
    private Uri _webhooks = null!;

    [OneTimeSetUp]
    public async Task StartServerWithAllThreeListeners()
    {
        var database = TestDatabases.Create(DatabaseProvider.Sqlite, out _drop);
        _browser = new Uri($"http://127.0.0.1:{BrowserServer.FreePort()}");
        _webhooks = new Uri($"http://127.0.0.1:{BrowserServer.FreePort()}");
        _app = BrowserServer.Build(database, new FakeTimeProvider(LedgerServer.Start), _browser, [BrowserServer.AllowedOrigin],
            new Dictionary<string, string?> { ["Webhooks:Url"] = _webhooks.ToString(), ["Stripe:WebhookSecret"] = "whsec_listener_test" });
        await _app.StartAsync();
        _grpc = new Uri(_app.Urls.Single(url => new Uri(url).Port != _browser.Port && new Uri(url).Port != _webhooks.Port));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _app.DisposeAsync();
        _drop();
    }

    private static LedgerService.LedgerServiceClient GrpcWebClient(Uri address, out GrpcChannel channel)
    {
        channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new HttpClientHandler()),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        return new LedgerService.LedgerServiceClient(channel);
    }

    private static Metadata WriterKey => new() { { "authorization", $"Bearer {TestKeys.Writer}" } };

    private static GrantRequest Grant(string account) =>
        new() { AccountId = account, Amount = 10, Bucket = Bucket.Purchased, IdempotencyKey = Guid.NewGuid().ToString("N") };

    [Test]
    public async Task The_webhook_listener_does_not_serve_grpc_web_grant_or_get_balance()
    {
        var account = $"user:{Guid.NewGuid():N}";
        var client = GrpcWebClient(_webhooks, out var channel);
        using var _ = channel;

        var grant = Assert.ThrowsAsync<RpcException>(async () => await client.GrantAsync(Grant(account), WriterKey));
        var balance = Assert.ThrowsAsync<RpcException>(async () => await client.GetBalanceAsync(new GetBalanceRequest { AccountId = account }, WriterKey));

        Assert.That((await grant)!.StatusCode, Is.EqualTo(StatusCode.Unimplemented));
        Assert.That((await balance)!.StatusCode, Is.EqualTo(StatusCode.Unimplemented));
        var browser = GrpcWebClient(_browser, out var browserChannel);
        using var __ = browserChannel;
        Assert.That((await browser.GetBalanceAsync(new GetBalanceRequest { AccountId = account }, WriterKey)).Balance.Available, Is.Zero, "nothing was granted");
    }

    [Test]
    public async Task The_browser_listener_serves_grpc_web_to_the_ledger_service()
    {
        var account = $"user:{Guid.NewGuid():N}";
        var client = GrpcWebClient(_browser, out var channel);
        using var _ = channel;

        var granted = await client.GrantAsync(Grant(account), WriterKey);

        Assert.That(granted.Balance.Available, Is.EqualTo(10));
    }

    [Test]
    public async Task The_browser_listener_does_not_serve_health_or_the_webhook()
    {
        using var http = new HttpClient { BaseAddress = _browser };

        using var webhook = await http.PostAsync(WebhookPath, new StringContent("{}"));
        using var health = await http.PostAsync("/grpc.health.v1.Health/Check", new ByteArrayContent([0, 0, 0, 0, 0]));

        Assert.That(webhook.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_grpc_listener_does_not_apply_webhooks()
    {
        using var http = new HttpClient { BaseAddress = _grpc, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await http.PostAsync(WebhookPath, new StringContent("{}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_webhook_listener_serves_the_webhook_which_refuses_an_unsigned_event()
    {
        using var http = new HttpClient { BaseAddress = _webhooks };

        using var response = await http.PostAsync(WebhookPath, new StringContent("{}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "reached the webhook, which found no valid signature");
    }
}

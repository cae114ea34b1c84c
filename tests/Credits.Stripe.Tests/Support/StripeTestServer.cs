using System.Globalization;
using Credits.Ledger.Data;
using Credits.Ledger.Verification;
using Credits.Testing.Hosting;
using Credits.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Credits.Stripe.Tests.Support;

/// <summary>
/// The real server (<see cref="Credits.Server.ServerHost.Build"/>) on a throwaway database, with its
/// gRPC endpoint (HTTP/2) and a webhook endpoint (HTTP/1.1, as Stripe calls it) on 127.0.0.1, a
/// clock the test moves, the test pack catalogue, and Stripe's API pointed at a <see cref="FakeStripeApi"/>.
/// </summary>
public sealed class StripeTestServer : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string WebhookSecret = "whsec_test_5e3b8f0c2a4d4e7f9a1b6c8d0e2f4a6b";
    public const string StripeApiKey = "sk_test_fake_51Credits";
    public const int ToleranceSeconds = 300;

    /// <summary>A key named <c>shop</c> with ledger:read and ledger:write: the product's checkout page.</summary>
    public const string ShopKey = "ck_test_shop_7d2e9a4c1b3f5e60";
    public const string ShopName = "shop";

    /// <summary>A key named <c>catalog</c> with ledger:read only.</summary>
    public const string ReaderKey = "ck_test_catalog_1a2b3c4d5e6f7a80";

    /// <summary>A key named <c>ops</c> with the admin scope: the SubscriptionService.</summary>
    public const string AdminKey = "ck_test_ops_9f8e7d6c5b4a3921";

    private readonly TestServerHost _host;

    private readonly TestConfiguration _configuration;

    private StripeTestServer(TestServerHost host, FakeTimeProvider time, Uri webhookAddress)
    {
        _host = host;
        // The source Reconfigure changes: the one TestConfiguration the options made.
        _configuration = ((IConfigurationRoot)host.App.Configuration).Providers.OfType<TestConfiguration>().Single();
        Time = time;
        Grpc = new LedgerService.LedgerServiceClient(host.Channel);
        Admin = new SubscriptionService.SubscriptionServiceClient(host.Channel);
        Webhook = host.Own(new HttpClient { BaseAddress = webhookAddress });
    }

    public WebApplication App => _host.App;

    public FakeTimeProvider Time { get; }

    public LedgerDatabase Database => _host.Database;

    public GrpcChannel Channel => _host.Channel;

    /// <summary>The generated client; calls pass <see cref="Bearer"/> headers.</summary>
    public LedgerService.LedgerServiceClient Grpc { get; }

    /// <summary>The generated admin client; calls pass <see cref="Bearer"/> headers with <see cref="AdminKey"/>.</summary>
    public SubscriptionService.SubscriptionServiceClient Admin { get; }

    /// <summary>Posts to the webhook endpoint over HTTP/1.1.</summary>
    public HttpClient Webhook { get; }

    public LedgerVerifier Verifier => App.Services.GetRequiredService<LedgerVerifier>();

    public static Metadata Bearer(string apiKey) => new() { { "authorization", "Bearer " + apiKey } };

    public static async Task<StripeTestServer> StartAsync(DatabaseProvider provider, FakeStripeApi stripeApi)
    {
        ArgumentNullException.ThrowIfNull(stripeApi);
        var time = new FakeTimeProvider(Start);
        var webhookAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var host = await TestServerHost.StartAsync(provider, new TestServerOptions
        {
            Time = time,
            ApiKeys =
            [
                TestApiKey.For(ShopName, ShopKey, "ledger:read", "ledger:write"),
                TestApiKey.For("catalog", ReaderKey, "ledger:read"),
                TestApiKey.For("ops", AdminKey, "admin"),
            ],
            Configuration = Configuration(webhookAddress, stripeApi.BaseAddress),
            OtherListeners = [webhookAddress],
            ConfigurationSource = settings => new TestConfiguration(settings),
        });
        return new StripeTestServer(host, time, webhookAddress);
    }

    /// <summary>Changes (or, with a null value, removes) settings at once while the server runs, as an edited appsettings.json would.</summary>
    public void Reconfigure(params (string Key, string? Value)[] settings) => _configuration.Change(settings);

    /// <summary>A port free right now; Kestrel binds it a moment later.</summary>
    public static int FreePort() => LoopbackPorts.Free();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    /// <summary>The one origin checkout's return URLs may point to.</summary>
    public const string ShopOrigin = "https://shop.example.com";

    private static Dictionary<string, string?> Configuration(Uri webhookAddress, Uri stripeApi)
    {
        var settings = new Dictionary<string, string?>
        {
            // Stripe posts over HTTP/1.1; plaintext gRPC needs HTTP/2 by prior knowledge, so the webhook
            // gets its own endpoint, as a deployment without TLS termination would configure it.
            ["Webhooks:Url"] = webhookAddress.ToString(),
            ["Ledger:SweepInterval"] = "1.00:00:00",
            ["Stripe:ApiKey"] = StripeApiKey,
            ["Stripe:WebhookSecret"] = WebhookSecret,
            // Where checkout may send customers back to (the tests' shop).
            ["Stripe:ReturnOrigins:0"] = ShopOrigin,
            ["Stripe:ApiBase"] = stripeApi.ToString(),
            ["Stripe:WebhookToleranceSeconds"] = ToleranceSeconds.ToString(CultureInfo.InvariantCulture),
            // A refused connection fails at once instead of after Stripe.net's back-off.
            ["Stripe:MaxNetworkRetries"] = "0",
            ["Stripe:Packs:starter:Name"] = TestPacks.StarterName,
            ["Stripe:Packs:starter:Credits"] = TestPacks.StarterCredits.ToString(CultureInfo.InvariantCulture),
            ["Stripe:Packs:starter:PriceId"] = TestPacks.StarterPrice,
            ["Stripe:Packs:starter:UnitAmount"] = TestPacks.StarterAmount.ToString(CultureInfo.InvariantCulture),
            ["Stripe:Packs:starter:Currency"] = "usd",
            ["Stripe:Packs:pro:Name"] = TestPacks.ProName,
            ["Stripe:Packs:pro:Credits"] = TestPacks.ProCredits.ToString(CultureInfo.InvariantCulture),
            ["Stripe:Packs:pro:BonusCredits"] = TestPacks.ProBonus.ToString(CultureInfo.InvariantCulture),
            ["Stripe:Packs:pro:PriceId"] = TestPacks.ProPrice,
            ["Stripe:Packs:pro:ValidityMonths"] = TestPacks.ProValidityMonths.ToString(CultureInfo.InvariantCulture),
            ["Stripe:Packs:pro:UnitAmount"] = TestPacks.ProAmount.ToString(CultureInfo.InvariantCulture),
            ["Stripe:Packs:pro:Currency"] = "usd",
        };
        foreach (var (key, value) in TestTiers.Configuration())
        {
            settings[key] = value;
        }
        return settings;
    }
}

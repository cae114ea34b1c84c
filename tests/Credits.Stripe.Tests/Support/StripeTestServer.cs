using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Credits.Ledger.Data;
using Credits.Ledger.Verification;
using Credits.Testing;
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

    private readonly Action _drop;

    private readonly TestConfiguration _configuration;

    private StripeTestServer(WebApplication app, TestConfiguration configuration, FakeTimeProvider time, LedgerDatabase database,
        Uri webhookAddress, Action drop)
    {
        App = app;
        _configuration = configuration;
        Time = time;
        Database = database;
        _drop = drop;
        var grpcAddress = new Uri(app.Urls.Single(url => new Uri(url).Port != webhookAddress.Port));
        Channel = GrpcChannel.ForAddress(grpcAddress);
        Grpc = new LedgerService.LedgerServiceClient(Channel);
        Admin = new SubscriptionService.SubscriptionServiceClient(Channel);
        Webhook = new HttpClient { BaseAddress = webhookAddress };
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public LedgerDatabase Database { get; }

    public GrpcChannel Channel { get; }

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
        var database = TestDatabases.Create(provider, out var drop);
        var time = new FakeTimeProvider(Start);
        var webhookAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var configuration = new TestConfiguration(Configuration(database, webhookAddress, stripeApi.BaseAddress));
        WebApplication? app = null;
        try
        {
            app = Credits.Server.ServerHost.Build(["--environment", "Production"], builder =>
            {
                ((IConfigurationBuilder)builder.Configuration).Add(configuration);
                builder.Services.AddSingleton<TimeProvider>(time);
            });
            await app.StartAsync();
            return new StripeTestServer(app, configuration, time, database, webhookAddress, drop);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
            drop();
            throw;
        }
    }

    /// <summary>Changes (or, with a null value, removes) settings at once while the server runs, as an edited appsettings.json would.</summary>
    public void Reconfigure(params (string Key, string? Value)[] settings) => _configuration.Change(settings);

    /// <summary>A key named <c>ops</c> with the admin scope: the SubscriptionService.</summary>
    public const string AdminKey = "ck_test_ops_9f8e7d6c5b4a3921";

    private static Dictionary<string, string?> Configuration(LedgerDatabase database, Uri webhookAddress, Uri stripeApi)
    {
        var settings = BaseConfiguration(database, webhookAddress, stripeApi);
        foreach (var (key, value) in TestTiers.Configuration())
        {
            settings[key] = value;
        }
        settings["Auth:ApiKeys:2:Name"] = "ops";
        settings["Auth:ApiKeys:2:Sha256"] = Sha256(AdminKey);
        settings["Auth:ApiKeys:2:Scopes:0"] = "admin";
        return settings;
    }

    private static Dictionary<string, string?> BaseConfiguration(LedgerDatabase database, Uri webhookAddress, Uri stripeApi) => new()
    {
        ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
        // Stripe posts over HTTP/1.1; plaintext gRPC needs HTTP/2 by prior knowledge, so the webhook
        // gets its own endpoint, as a deployment without TLS termination would configure it.
        ["Kestrel:Endpoints:Stripe:Url"] = webhookAddress.ToString(),
        ["Kestrel:Endpoints:Stripe:Protocols"] = "Http1",
        ["Database:Provider"] = database.Provider.ToString(),
        ["Database:ConnectionString"] = database.ConnectionString,
        // The throwaway PostgreSQL of tests/run.sh runs with fsync off.
        ["Database:UnsafeDurability"] = "Warn",
        ["Ledger:SweepInterval"] = "1.00:00:00",
        ["Auth:ApiKeys:0:Name"] = ShopName,
        ["Auth:ApiKeys:0:Sha256"] = Sha256(ShopKey),
        ["Auth:ApiKeys:0:Scopes:0"] = "ledger:read",
        ["Auth:ApiKeys:0:Scopes:1"] = "ledger:write",
        ["Auth:ApiKeys:1:Name"] = "catalog",
        ["Auth:ApiKeys:1:Sha256"] = Sha256(ReaderKey),
        ["Auth:ApiKeys:1:Scopes:0"] = "ledger:read",
        ["Stripe:ApiKey"] = StripeApiKey,
        ["Stripe:WebhookSecret"] = WebhookSecret,
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
        // Failures the tests provoke on purpose are logged as warnings; only errors are worth reading.
        ["Logging:LogLevel:Default"] = "Error",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Error",
        ["Logging:LogLevel:Grpc"] = "Error",
        ["Logging:LogLevel:Credits"] = "Error",
    };

    private static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A port free right now; Kestrel binds it a moment later.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Webhook.Dispose();
            Channel.Dispose();
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await App.StopAsync(stopping.Token);
            await App.DisposeAsync();
        }
        finally
        {
            _drop();
        }
    }
}

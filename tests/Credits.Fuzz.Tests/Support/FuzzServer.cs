using System.Globalization;
using System.Security.Claims;
using System.Text;
using Credits.Ledger.Data;
using Credits.Testing.Hosting;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Credits.Fuzz.Tests.Support;

/// <summary>
/// The real server on a throwaway database with every listener the fuzzer reaches: gRPC (all
/// services, health, reflection), the browser's gRPC-Web and the Stripe webhook. Stripe's API points at a closed loopback port, so a
/// call that needs Stripe fails at once as UNAVAILABLE. The clock is fake and never moves, so no
/// background job changes the database between two requests.
/// </summary>
public sealed class FuzzServer : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string WriterKey = "ck_fuzz_writer_0a1b2c3d4e5f6a7b";
    public const string ReaderKey = "ck_fuzz_reader_1b2c3d4e5f6a7b8c";
    public const string AdminKey = "ck_fuzz_admin_2c3d4e5f6a7b8c9d";
    public const string WebhookSecret = "whsec_fuzz_3d4e5f6a7b8c9d0e1f2a3b4c";
    public const string TokenSigningKey = "fuzz-signing-key-for-end-user-tokens-0123456789";
    public const string TokenIssuer = "https://shop.example.com";
    public const string TokenAudience = "credits-ledger";
    public const string Feature = "image.generate";
    public const string Pack = "starter";

    private readonly TestServerHost _host;

    private FuzzServer(TestServerHost host, Uri webhookAddress, Uri browserAddress)
    {
        _host = host;
        Webhook = host.Own(new HttpClient { BaseAddress = webhookAddress, Timeout = TimeSpan.FromSeconds(30) });
        Browser = host.Own(new HttpClient { BaseAddress = browserAddress, Timeout = TimeSpan.FromSeconds(30) });
    }

    public Grpc.Net.Client.GrpcChannel Channel => _host.Channel;

    public Uri Address => _host.Address;

    public LedgerDatabase Database => _host.Database;

    /// <summary>Posts to the webhook listener (HTTP/1.1, as Stripe calls it).</summary>
    public HttpClient Webhook { get; }

    /// <summary>Posts to the browser listener (gRPC-Web over HTTP/1.1, as the purchase page calls it).</summary>
    public HttpClient Browser { get; }

    public static async Task<FuzzServer> StartAsync(DatabaseProvider provider)
    {
        var webhookAddress = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}");
        var browserAddress = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}");
        var closedStripe = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/");
        var host = await TestServerHost.StartAsync(provider, new TestServerOptions
        {
            Time = new FakeTimeProvider(Start),
            ApiKeys =
            [
                TestApiKey.For("writer", WriterKey, "ledger:read", "ledger:write"),
                TestApiKey.For("reader", ReaderKey, "ledger:read"),
                TestApiKey.For("ops", AdminKey, "admin"),
            ],
            Configuration = new Dictionary<string, string?>
            {
                ["Webhooks:Url"] = webhookAddress.ToString(),
                ["Browser:Url"] = browserAddress.ToString(),
                ["Browser:AllowedOrigins:0"] = "https://shop.example.com",
                ["Ledger:SweepInterval"] = "1.00:00:00",
                [$"Ledger:Features:{Feature}"] = "5",
                ["Auth:EndUserTokens:SigningKey"] = TokenSigningKey,
                ["Auth:EndUserTokens:Issuer"] = TokenIssuer,
                ["Auth:EndUserTokens:Audience"] = TokenAudience,
                ["Stripe:ApiKey"] = "sk_test_fuzz_closed",
                ["Stripe:WebhookSecret"] = WebhookSecret,
                ["Stripe:ReturnOrigins:0"] = TokenIssuer,
                ["Stripe:ApiBase"] = closedStripe.ToString(),
                ["Stripe:MaxNetworkRetries"] = "0",
                [$"Stripe:Packs:{Pack}:Name"] = "Starter pack",
                [$"Stripe:Packs:{Pack}:Credits"] = "100",
                [$"Stripe:Packs:{Pack}:PriceId"] = "price_starter_fuzz",
                [$"Stripe:Packs:{Pack}:UnitAmount"] = "1000",
                [$"Stripe:Packs:{Pack}:Currency"] = "usd",
                ["Subscriptions:Tiers:basic:Credits"] = "100",
                ["Subscriptions:Tiers:basic:PriceIds:0"] = "price_basic_fuzz",
                ["Subscriptions:Tiers:pro:Credits"] = "400",
                ["Subscriptions:Tiers:pro:PriceIds:0"] = "price_pro_fuzz",
                ["Subscriptions:Tiers:pro:Upgrade"] = "Prorated",
                // Only errors are logged: the fuzzer provokes thousands of refusals on purpose.
                ["Logging:LogLevel:Credits"] = "Error",
            },
            OtherListeners = [webhookAddress, browserAddress],
        });
        return new FuzzServer(host, webhookAddress, browserAddress);
    }

    /// <summary>An end-user token for <paramref name="accountId"/>, minted as a product's backend would.</summary>
    public static string EndUserToken(string accountId)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", accountId)]),
            Issuer = TokenIssuer,
            Audience = TokenAudience,
            IssuedAt = Start.UtcDateTime,
            NotBefore = Start.UtcDateTime,
            Expires = Start.AddMinutes(15).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TokenSigningKey)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>Unix seconds of the server's (fake) clock, for webhook signatures.</summary>
    public static string UnixNow(long offsetSeconds = 0) =>
        (Start.ToUnixTimeSeconds() + offsetSeconds).ToString(CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}

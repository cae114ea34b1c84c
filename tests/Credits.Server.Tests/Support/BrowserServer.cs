using System.Globalization;
using System.Net;
using Credits.Ledger.Data;
using Credits.Testing.Hosting;
using Credits.V1;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;

namespace Credits.Server.Tests.Support;

/// <summary>
/// The real server with both listeners a deployment serving browsers has: gRPC (HTTP/2) and
/// <c>Browser:Url</c> (HTTP/1.1, gRPC-Web), end-user tokens verified with <see cref="EndUserTokens"/>'
/// key, <see cref="AllowedOrigin"/> allowed by CORS, the test API keys, and one pack on sale (Stripe
/// itself is not configured, so a checkout that passes authorisation ends as STRIPE_UNAVAILABLE).
/// </summary>
public sealed class BrowserServer : IAsyncDisposable
{
    public const string AllowedOrigin = "https://shop.example.com";
    public const string PackId = "starter";

    private readonly TestServerHost _host;

    private BrowserServer(TestServerHost host, FakeTimeProvider time, Uri browserAddress)
    {
        _host = host;
        Time = time;
        BrowserAddress = browserAddress;
        Http = host.Own(new HttpClient { BaseAddress = browserAddress });
        // What a browser does: gRPC-Web (binary) over HTTP/1.1.
        GrpcWebChannel = host.Own(GrpcChannel.ForAddress(browserAddress, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new HttpClientHandler()),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        }));
    }

    public WebApplication App => _host.App;

    public FakeTimeProvider Time { get; }

    public Uri GrpcAddress => _host.Address;

    public Uri BrowserAddress { get; }

    public GrpcChannel GrpcChannel => _host.Channel;

    public GrpcChannel GrpcWebChannel { get; }

    /// <summary>Plain HTTP/1.1 to the browser listener, for CORS preflights.</summary>
    public HttpClient Http { get; }

    /// <summary>The generated client over gRPC (HTTP/2) or gRPC-Web (HTTP/1.1).</summary>
    public LedgerService.LedgerServiceClient Client(bool grpcWeb) => new(grpcWeb ? GrpcWebChannel : GrpcChannel);

    /// <summary>Starts the server on a fresh database (SQLite unless <paramref name="provider"/> says); <paramref name="allowedOrigins"/> replaces the one allowed origin.</summary>
    public static async Task<BrowserServer> StartAsync(string[]? allowedOrigins = null, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var time = new FakeTimeProvider(LedgerServer.Start);
        var browserAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var host = await TestServerHost.StartAsync(provider, Options(time, browserAddress, allowedOrigins ?? [AllowedOrigin]));
        return new BrowserServer(host, time, browserAddress);
    }

    /// <summary>Builds, without starting, a server with <paramref name="overrides"/> applied over the usual configuration.</summary>
    public static WebApplication Build(LedgerDatabase database, FakeTimeProvider time, Uri browserAddress, string[] allowedOrigins,
        IReadOnlyDictionary<string, string?>? overrides = null) =>
        TestServerHost.Build(database, Options(time, browserAddress, allowedOrigins, overrides));

    /// <summary>A port free right now; Kestrel binds it a moment later.</summary>
    public static int FreePort() => LoopbackPorts.Free();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static TestServerOptions Options(FakeTimeProvider time, Uri browserAddress, string[] allowedOrigins,
        IReadOnlyDictionary<string, string?>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(browserAddress);
        ArgumentNullException.ThrowIfNull(allowedOrigins);
        var configuration = new Dictionary<string, string?>
        {
            ["Browser:Url"] = browserAddress.ToString(),
            ["Ledger:SweepInterval"] = "1.00:00:00",
            ["Auth:EndUserTokens:SigningKey"] = EndUserTokens.SigningKey,
            ["Auth:EndUserTokens:Issuer"] = EndUserTokens.Issuer,
            ["Auth:EndUserTokens:Audience"] = EndUserTokens.Audience,
            [$"Stripe:Packs:{PackId}:Name"] = "Starter pack",
            [$"Stripe:Packs:{PackId}:Credits"] = "100",
            [$"Stripe:Packs:{PackId}:PriceId"] = "price_starter_test",
            ["Logging:LogLevel:Credits"] = "Critical",
        };
        for (var i = 0; i < allowedOrigins.Length; i++)
        {
            configuration[string.Create(CultureInfo.InvariantCulture, $"Browser:AllowedOrigins:{i}")] = allowedOrigins[i];
        }
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }
        return new TestServerOptions
        {
            Time = time,
            // The admin key sets up what an admin's page then manages (pools).
            ApiKeys = [new(TestKeys.WriterName, TestKeys.WriterSha256, TestKeys.ScopeRead, TestKeys.ScopeWrite),
                new(TestKeys.AdminName, TestKeys.AdminSha256, TestKeys.ScopeAdmin)],
            Configuration = configuration,
            OtherListeners = [browserAddress],
        };
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Credits.Ledger.Data;
using Credits.Testing;
using Credits.V1;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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

    private readonly Action _drop;

    private BrowserServer(WebApplication app, FakeTimeProvider time, Uri browserAddress, Action drop)
    {
        App = app;
        Time = time;
        _drop = drop;
        BrowserAddress = browserAddress;
        GrpcAddress = new Uri(app.Urls.Single(url => new Uri(url).Port != browserAddress.Port));
        GrpcChannel = GrpcChannel.ForAddress(GrpcAddress);
        // What a browser does: gRPC-Web (binary) over HTTP/1.1.
        GrpcWebChannel = GrpcChannel.ForAddress(browserAddress, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new HttpClientHandler()),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        Http = new HttpClient { BaseAddress = browserAddress };
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public Uri GrpcAddress { get; }

    public Uri BrowserAddress { get; }

    public GrpcChannel GrpcChannel { get; }

    public GrpcChannel GrpcWebChannel { get; }

    /// <summary>Plain HTTP/1.1 to the browser listener, for CORS preflights.</summary>
    public HttpClient Http { get; }

    /// <summary>The generated client over gRPC (HTTP/2) or gRPC-Web (HTTP/1.1).</summary>
    public LedgerService.LedgerServiceClient Client(bool grpcWeb) => new(grpcWeb ? GrpcWebChannel : GrpcChannel);

    /// <summary>Starts the server on a fresh SQLite database; <paramref name="allowedOrigins"/> replaces the one allowed origin.</summary>
    public static async Task<BrowserServer> StartAsync(string[]? allowedOrigins = null)
    {
        var database = TestDatabases.Create(DatabaseProvider.Sqlite, out var drop);
        var time = new FakeTimeProvider(LedgerServer.Start);
        var browserAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        WebApplication? app = null;
        try
        {
            app = Build(database, time, browserAddress, allowedOrigins ?? [AllowedOrigin]);
            await app.StartAsync();
            return new BrowserServer(app, time, browserAddress, drop);
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

    /// <summary>Builds, without starting, a server with <paramref name="overrides"/> applied over the usual configuration.</summary>
    public static WebApplication Build(LedgerDatabase database, FakeTimeProvider time, Uri browserAddress, string[] allowedOrigins,
        IReadOnlyDictionary<string, string?>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(browserAddress);
        ArgumentNullException.ThrowIfNull(allowedOrigins);
        var configuration = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            [Credits.Server.ServerHost.WebhooksUrlKey] = "",
            ["Browser:Url"] = browserAddress.ToString(),
            ["Database:Provider"] = database.Provider.ToString(),
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Database:UnsafeDurability"] = "Warn",
            ["Ledger:SweepInterval"] = "1.00:00:00",
            ["Auth:ApiKeys:0:Name"] = TestKeys.WriterName,
            ["Auth:ApiKeys:0:Sha256"] = TestKeys.WriterSha256,
            ["Auth:ApiKeys:0:Scopes:0"] = TestKeys.ScopeRead,
            ["Auth:ApiKeys:0:Scopes:1"] = TestKeys.ScopeWrite,
            ["Auth:EndUserTokens:SigningKey"] = EndUserTokens.SigningKey,
            ["Auth:EndUserTokens:Issuer"] = EndUserTokens.Issuer,
            ["Auth:EndUserTokens:Audience"] = EndUserTokens.Audience,
            [$"Stripe:Packs:{PackId}:Name"] = "Starter pack",
            [$"Stripe:Packs:{PackId}:Credits"] = "100",
            [$"Stripe:Packs:{PackId}:PriceId"] = "price_starter_test",
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Error",
            ["Logging:LogLevel:Grpc"] = "Error",
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
        return ServerHost.Build(["--environment", "Production"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Services.AddSingleton<TimeProvider>(time);
        });
    }

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
            Http.Dispose();
            GrpcChannel.Dispose();
            GrpcWebChannel.Dispose();
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

using System.Globalization;
using Credits.Client;
using Credits.Ledger.Data;
using Credits.Ledger.Expiry;
using Credits.Ledger.Verification;
using Credits.Testing;
using Credits.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Credits.Server.Tests.Support;

/// <summary>
/// The real server (<see cref="ServerHost.Build"/>) on a throwaway database, listening on a free port of
/// 127.0.0.1, with a clock the test moves and a channel to it.
/// </summary>
public sealed class LedgerServer : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The price of the one feature in the test catalogue.</summary>
    public const string Feature = "image.generate";
    public const long FeaturePrice = 5;

    /// <summary>The credits a lead receives on first use.</summary>
    public const long LeadAllowance = 20;

    private readonly Action _drop;

    private LedgerServer(WebApplication app, FakeTimeProvider time, Action drop)
    {
        App = app;
        Time = time;
        _drop = drop;
        Address = new Uri(app.Urls.Single());
        Channel = GrpcChannel.ForAddress(Address);
        Raw = new LedgerService.LedgerServiceClient(Channel);
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    /// <summary>The generated client with no key: each call sets its own headers (see <see cref="Bearer"/>).</summary>
    public LedgerService.LedgerServiceClient Raw { get; }

    public LedgerVerifier Verifier => App.Services.GetRequiredService<LedgerVerifier>();

    public ExpirySweeper Sweeper => App.Services.GetRequiredService<ExpirySweeper>();

    /// <summary>Builds, without starting, the server on <paramref name="database"/>.</summary>
    public static WebApplication Build(LedgerDatabase database, FakeTimeProvider time, ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(settings);
        var configuration = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            // One listener only, whatever the environment: the gRPC one the fixture connects to.
            [Credits.Server.ServerHost.WebhooksUrlKey] = "",
            ["Database:Provider"] = database.Provider.ToString(),
            ["Database:ConnectionString"] = database.ConnectionString,
            // The throwaway PostgreSQL of tests/run.sh runs with fsync off.
            ["Database:UnsafeDurability"] = settings.UnsafeDurability,
            [$"Ledger:Features:{Feature}"] = FeaturePrice.ToString(CultureInfo.InvariantCulture),
            ["Ledger:LeadAllowanceCredits"] = LeadAllowance.ToString(CultureInfo.InvariantCulture),
            ["Ledger:SweepInterval"] = settings.SweepInterval.ToString("c", CultureInfo.InvariantCulture),
            // The subscription tiers: basic 100 a month (30 roll over for a month), pro 400 (100 for two).
            ["Subscriptions:Tiers:basic:Credits"] = "100",
            ["Subscriptions:Tiers:basic:RolloverCap"] = "30",
            ["Subscriptions:Tiers:basic:RolloverPeriods"] = "1",
            ["Subscriptions:Tiers:pro:Credits"] = "400",
            ["Subscriptions:Tiers:pro:RolloverCap"] = "100",
            ["Subscriptions:Tiers:pro:RolloverPeriods"] = "2",
            ["Subscriptions:Tiers:pro:Upgrade"] = "Whole",
            ["Subscriptions:RenewalInterval"] = settings.RenewalInterval.ToString("c", CultureInfo.InvariantCulture),
            // Failures the tests provoke on purpose are logged as warnings; only errors are worth reading.
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Error",
            ["Logging:LogLevel:Grpc"] = "Error",
            ["Logging:LogLevel:Credits"] = "Error",
        };
        if (settings.WithKeys)
        {
            AddKey(configuration, 0, TestKeys.WriterName, TestKeys.WriterSha256, TestKeys.ScopeRead, TestKeys.ScopeWrite);
            AddKey(configuration, 1, TestKeys.ReaderName, TestKeys.ReaderSha256, TestKeys.ScopeRead);
            AddKey(configuration, 2, TestKeys.OtherWriterName, TestKeys.OtherWriterSha256, TestKeys.ScopeRead, TestKeys.ScopeWrite);
            AddKey(configuration, 3, TestKeys.AdminName, TestKeys.AdminSha256, TestKeys.ScopeAdmin);
        }
        return ServerHost.Build(["--environment", settings.Environment], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Services.AddSingleton<TimeProvider>(time);
        });
    }

    /// <summary>Creates a database, then builds and starts the server on it.</summary>
    public static async Task<LedgerServer> StartAsync(DatabaseProvider provider, ServerSettings? settings = null)
    {
        var database = TestDatabases.Create(provider, out var drop);
        var time = new FakeTimeProvider(Start);
        WebApplication? app = null;
        try
        {
            app = Build(database, time, settings ?? ServerSettings.Default);
            await app.StartAsync();
            return new LedgerServer(app, time, drop);
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

    /// <summary>A second server instance on this server's database and clock, as a deployment behind a load balancer runs.</summary>
    public async Task<LedgerServer> StartPeerAsync(ServerSettings? settings = null)
    {
        var app = Build(App.Services.GetRequiredService<LedgerDatabase>(), Time, settings ?? ServerSettings.Default);
        try
        {
            await app.StartAsync();
            return new LedgerServer(app, Time, () => { });
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The header that authenticates a raw call with <paramref name="apiKey"/>.</summary>
    public static Metadata Bearer(string apiKey) => new() { { "authorization", "Bearer " + apiKey } };

    /// <summary>The wrapper client over this server's channel, sending <paramref name="apiKey"/>.</summary>
    public CreditsClient Client(string apiKey) => new(Channel.CreateCallInvoker(), apiKey);

    public async ValueTask DisposeAsync()
    {
        try
        {
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

    private static void AddKey(Dictionary<string, string?> configuration, int index, string name, string sha256, params string[] scopes)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"Auth:ApiKeys:{index}:");
        configuration[prefix + "Name"] = name;
        configuration[prefix + "Sha256"] = sha256;
        for (var i = 0; i < scopes.Length; i++)
        {
            configuration[string.Create(CultureInfo.InvariantCulture, $"{prefix}Scopes:{i}")] = scopes[i];
        }
    }
}

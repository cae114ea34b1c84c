using System.Globalization;
using Credits.Client;
using Credits.Ledger.Data;
using Credits.Ledger.Expiry;
using Credits.Ledger.Verification;
using Credits.Testing.Hosting;
using Credits.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
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

    private readonly TestServerHost _host;

    private LedgerServer(TestServerHost host, FakeTimeProvider time)
    {
        _host = host;
        Time = time;
        Raw = new LedgerService.LedgerServiceClient(host.Channel);
    }

    public WebApplication App => _host.App;

    public FakeTimeProvider Time { get; }

    public Uri Address => _host.Address;

    public GrpcChannel Channel => _host.Channel;

    /// <summary>The generated client with no key: each call sets its own headers (see <see cref="Bearer"/>).</summary>
    public LedgerService.LedgerServiceClient Raw { get; }

    public LedgerVerifier Verifier => App.Services.GetRequiredService<LedgerVerifier>();

    public ExpirySweeper Sweeper => App.Services.GetRequiredService<ExpirySweeper>();

    /// <summary>Builds, without starting, the server on <paramref name="database"/>.</summary>
    public static WebApplication Build(LedgerDatabase database, FakeTimeProvider time, ServerSettings settings) =>
        TestServerHost.Build(database, Options(time, settings));

    /// <summary>Creates a database, then builds and starts the server on it.</summary>
    public static async Task<LedgerServer> StartAsync(DatabaseProvider provider, ServerSettings? settings = null)
    {
        var time = new FakeTimeProvider(Start);
        return new LedgerServer(await TestServerHost.StartAsync(provider, Options(time, settings ?? ServerSettings.Default)), time);
    }

    /// <summary>A second server instance on this server's database and clock, as a deployment behind a load balancer runs.</summary>
    public async Task<LedgerServer> StartPeerAsync(ServerSettings? settings = null) =>
        new(await TestServerHost.StartOnAsync(_host.Database, Options(Time, settings ?? ServerSettings.Default)), Time);

    /// <summary>The header that authenticates a raw call with <paramref name="apiKey"/>.</summary>
    public static Metadata Bearer(string apiKey) => new() { { "authorization", "Bearer " + apiKey } };

    /// <summary>The wrapper client over this server's channel, sending <paramref name="apiKey"/>.</summary>
    public CreditsClient Client(string apiKey) => new(Channel.CreateCallInvoker(), apiKey);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static TestServerOptions Options(FakeTimeProvider time, ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = BaseOptions(time, settings);
        var configuration = new Dictionary<string, string?>(options.Configuration);
        foreach (var (key, value) in settings.Configuration)
        {
            configuration[key] = value;
        }
        // Listeners a test adds by configuration are not the gRPC one the host reports as its address.
        var listeners = settings.Configuration
            .Where(setting => setting.Key is "Operations:Url" or "Webhooks:Url" or "Browser:Url" && !string.IsNullOrEmpty(setting.Value))
            .Select(setting => new Uri(setting.Value!));
        return options with { Configuration = configuration, OtherListeners = [.. options.OtherListeners, .. listeners] };
    }

    private static TestServerOptions BaseOptions(FakeTimeProvider time, ServerSettings settings) =>
        new TestServerOptions
        {
            Environment = settings.Environment,
            Time = time,
            UnsafeDurability = settings.UnsafeDurability,
            ApiKeys = settings.WithKeys
                ?
                [
                    new(TestKeys.WriterName, TestKeys.WriterSha256, TestKeys.ScopeRead, TestKeys.ScopeWrite),
                    new(TestKeys.ReaderName, TestKeys.ReaderSha256, TestKeys.ScopeRead),
                    new(TestKeys.OtherWriterName, TestKeys.OtherWriterSha256, TestKeys.ScopeRead, TestKeys.ScopeWrite),
                    new(TestKeys.AdminName, TestKeys.AdminSha256, TestKeys.ScopeAdmin),
                ]
                : [],
            Configuration = new Dictionary<string, string?>
            {
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
            },
        };
}

using System.Globalization;
using Credits.Client;
using Credits.Ledger;
using Credits.Ledger.Data;
using Credits.Ledger.Expiry;
using Credits.Ledger.Verification;
using Credits.Server;
using Credits.Testing.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Credits.Audit.Tests.Support;

/// <summary>
/// The real server (<see cref="ServerHost.Build"/>) on a throwaway database, on a free port of
/// 127.0.0.1, with a fake clock that only the audit moves, a client holding the audit's key, and
/// the server's <see cref="CreditLedger"/> for the commands only the domain API takes.
/// </summary>
/// <remarks>
/// The background expiry sweeper is left out: it ticks on the fake clock while an advance is under
/// way, so the moment its entries are written (and how they are split) would depend on thread timing.
/// The audit runs the same <see cref="ExpirySweeper"/> itself, as one of its operations, so the sweep
/// path is still exercised and checked.
/// </remarks>
public sealed class AuditServer : IAsyncDisposable
{
    // The hosted service that runs the sweeper on a timer; internal to the server, so found by name.
    private const string SweepServiceTypeName = "ExpirySweepService";

    private readonly TestServerHost _host;

    private AuditServer(TestServerHost host, FakeTimeProvider time)
    {
        _host = host;
        Time = time;
        Client = host.Own(new CreditsClient(host.Channel.CreateCallInvoker(), AuditConfiguration.Key));
    }

    public FakeTimeProvider Time { get; }

    public CreditsClient Client { get; }

    /// <summary>The server's own ledger, for the commands its gRPC service does not take (claw-backs, freezes, rollover grants, notes).</summary>
    public CreditLedger Ledger => _host.App.Services.GetRequiredService<CreditLedger>();

    public LedgerVerifier Verifier => _host.App.Services.GetRequiredService<LedgerVerifier>();

    /// <summary>The usage projector, so the audit can fold everything before the verifier replays the journal against the aggregates.</summary>
    public Credits.Ledger.Analytics.Projection.UsageProjector Usage => _host.App.Services.GetRequiredService<Credits.Ledger.Analytics.Projection.UsageProjector>();

    public ExpirySweeper Sweeper => _host.App.Services.GetRequiredService<ExpirySweeper>();

    public static async Task<AuditServer> StartAsync(DatabaseProvider provider)
    {
        var time = new FakeTimeProvider(AuditConfiguration.Start);
        var host = await TestServerHost.StartAsync(provider, new TestServerOptions
        {
            Time = time,
            ApiKeys = [TestApiKey.For(AuditConfiguration.KeyName, AuditConfiguration.Key, "ledger:read", "ledger:write")],
            Configuration = Configuration(),
            Configure = RemoveSweepService,
        });
        return new AuditServer(host, time);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static void RemoveSweepService(WebApplicationBuilder builder)
    {
        var sweepService = builder.Services.Single(service =>
            service.ServiceType == typeof(IHostedService) && service.ImplementationType?.Name == SweepServiceTypeName);
        builder.Services.Remove(sweepService);
    }

    private static Dictionary<string, string?> Configuration()
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Ledger:LeadAllowanceCredits"] = AuditConfiguration.LeadAllowanceCredits.ToString(CultureInfo.InvariantCulture),
            ["Ledger:LeadAllowanceValidity"] = AuditConfiguration.LeadAllowanceValidity.ToString("c", CultureInfo.InvariantCulture),
            ["Ledger:HoldLifetimeMax"] = AuditConfiguration.HoldLifetimeMax.ToString("c", CultureInfo.InvariantCulture),
            ["Ledger:IdempotencyKeyRetention"] = AuditConfiguration.IdempotencyKeyRetention.ToString("c", CultureInfo.InvariantCulture),
            ["Ledger:Transfers:DailyLimit"] = AuditConfiguration.TransferDailyLimit.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (feature, price) in AuditConfiguration.Prices)
        {
            configuration[$"Ledger:Features:{feature}"] = price.ToString(CultureInfo.InvariantCulture);
        }
        return configuration;
    }
}

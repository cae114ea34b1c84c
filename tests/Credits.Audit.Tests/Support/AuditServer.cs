using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Credits.Client;
using Credits.Ledger.Data;
using Credits.Ledger.Expiry;
using Credits.Ledger.Verification;
using Credits.Server;
using Credits.Testing;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Credits.Audit.Tests.Support;

/// <summary>
/// The real server (<see cref="ServerHost.Build"/>) on a throwaway database, on a free port of
/// 127.0.0.1, with a fake clock that only the audit moves, and a client holding the audit's key.
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

    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;
    private readonly Action _drop;

    private AuditServer(WebApplication app, FakeTimeProvider time, Action drop)
    {
        _app = app;
        _drop = drop;
        Time = time;
        _channel = GrpcChannel.ForAddress(new Uri(app.Urls.Single()));
        Client = new CreditsClient(_channel.CreateCallInvoker(), AuditConfiguration.Key);
    }

    public FakeTimeProvider Time { get; }

    public CreditsClient Client { get; }

    public LedgerVerifier Verifier => _app.Services.GetRequiredService<LedgerVerifier>();

    public ExpirySweeper Sweeper => _app.Services.GetRequiredService<ExpirySweeper>();

    public static async Task<AuditServer> StartAsync(DatabaseProvider provider)
    {
        var database = TestDatabases.Create(provider, out var drop);
        var time = new FakeTimeProvider(AuditConfiguration.Start);
        WebApplication? app = null;
        try
        {
            app = ServerHost.Build(["--environment", "Production"], builder =>
            {
                builder.Configuration.AddInMemoryCollection(Configuration(database));
                builder.Services.AddSingleton<TimeProvider>(time);
                var sweepService = builder.Services.Single(service =>
                    service.ServiceType == typeof(IHostedService) && service.ImplementationType?.Name == SweepServiceTypeName);
                builder.Services.Remove(sweepService);
            });
            await app.StartAsync();
            return new AuditServer(app, time, drop);
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

    public async ValueTask DisposeAsync()
    {
        try
        {
            Client.Dispose();
            _channel.Dispose();
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _app.StopAsync(stopping.Token);
            await _app.DisposeAsync();
        }
        finally
        {
            _drop();
        }
    }

    private static Dictionary<string, string?> Configuration(LedgerDatabase database)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            ["Database:Provider"] = database.Provider.ToString(),
            ["Database:ConnectionString"] = database.ConnectionString,
            // The throwaway PostgreSQL of tests/run.sh runs with fsync off.
            ["Database:UnsafeDurability"] = "Warn",
            ["Auth:ApiKeys:0:Name"] = AuditConfiguration.KeyName,
            ["Auth:ApiKeys:0:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(AuditConfiguration.Key))),
            ["Auth:ApiKeys:0:Scopes:0"] = "ledger:read",
            ["Auth:ApiKeys:0:Scopes:1"] = "ledger:write",
            ["Ledger:LeadAllowanceCredits"] = AuditConfiguration.LeadAllowanceCredits.ToString(CultureInfo.InvariantCulture),
            ["Ledger:LeadAllowanceValidity"] = AuditConfiguration.LeadAllowanceValidity.ToString("c", CultureInfo.InvariantCulture),
            ["Ledger:IdempotencyKeyRetention"] = AuditConfiguration.IdempotencyKeyRetention.ToString("c", CultureInfo.InvariantCulture),
            // The workload provokes errors on purpose; only the server's own errors are worth printing.
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Error",
            ["Logging:LogLevel:Grpc"] = "Error",
            ["Logging:LogLevel:Credits"] = "Error",
        };
        foreach (var (feature, price) in AuditConfiguration.Prices)
        {
            configuration[$"Ledger:Features:{feature}"] = price.ToString(CultureInfo.InvariantCulture);
        }
        return configuration;
    }
}

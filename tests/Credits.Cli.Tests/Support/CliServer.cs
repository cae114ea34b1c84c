using System.Globalization;
using Credits.Client;
using Credits.Ledger.Data;
using Credits.Ledger.Verification;
using Credits.Server;
using Credits.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Credits.Cli.Tests.Support;

/// <summary>
/// The real server (<see cref="ServerHost.Build"/>) on a throwaway database, listening on a free port of
/// 127.0.0.1, with the keys of <see cref="CliKeys"/>. With a <see cref="FakeTimeProvider"/> the journal's
/// times are known in advance (exports compare exact bytes); without one it runs on the real clock.
/// </summary>
public sealed class CliServer : IAsyncDisposable
{
    /// <summary>Where the fake clock starts.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private readonly Action _drop;

    private CliServer(WebApplication app, LedgerDatabase database, FakeTimeProvider? time, Action drop)
    {
        App = app;
        Database = database;
        Time = time;
        _drop = drop;
        Address = new Uri(app.Urls.Single());
    }

    public WebApplication App { get; }

    public LedgerDatabase Database { get; }

    /// <summary>The fake clock, or null when the server runs on the real one.</summary>
    public FakeTimeProvider? Time { get; }

    public Uri Address { get; }

    public LedgerVerifier Verifier => App.Services.GetRequiredService<LedgerVerifier>();

    /// <summary>Creates a database, then starts a server on it.</summary>
    public static async Task<CliServer> StartAsync(DatabaseProvider provider, bool fakeClock = true, TimeSpan? keyRefreshInterval = null)
    {
        var database = TestDatabases.Create(provider, out var drop);
        try
        {
            return await StartOnAsync(database, fakeClock ? new FakeTimeProvider(Start) : null, keyRefreshInterval, drop);
        }
        catch
        {
            drop();
            throw;
        }
    }

    /// <summary>Starts another server on <paramref name="database"/> (a second instance); the database is left alone when it stops.</summary>
    /// <param name="database">The database, shared with the other instance.</param>
    /// <param name="time">The clock; null for the real one.</param>
    /// <param name="keyRefreshInterval">Auth:KeyRefreshInterval; null for the default.</param>
    /// <param name="port">The port to listen on; 0 for a free one (a restarted server takes its predecessor's).</param>
    public static Task<CliServer> StartOnAsync(LedgerDatabase database, FakeTimeProvider? time, TimeSpan? keyRefreshInterval = null, int port = 0) =>
        StartOnAsync(database, time, keyRefreshInterval, () => { }, port);

    private static async Task<CliServer> StartOnAsync(LedgerDatabase database, FakeTimeProvider? time, TimeSpan? keyRefreshInterval, Action drop,
        int port = 0)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"),
            [ServerHost.WebhooksUrlKey] = "",
            ["Database:Provider"] = database.Provider.ToString(),
            ["Database:ConnectionString"] = database.ConnectionString,
            // The throwaway PostgreSQL of tests/run.sh runs with fsync off.
            ["Database:UnsafeDurability"] = "Warn",
            ["Ledger:Features:image.generate"] = "5",
            ["Ledger:SweepInterval"] = "1.00:00:00",
            ["Auth:ApiKeys:0:Name"] = CliKeys.AdminName,
            ["Auth:ApiKeys:0:Sha256"] = CliKeys.AdminSha256,
            ["Auth:ApiKeys:0:Scopes:0"] = "admin",
            ["Auth:ApiKeys:1:Name"] = CliKeys.ReaderName,
            ["Auth:ApiKeys:1:Sha256"] = CliKeys.ReaderSha256,
            ["Auth:ApiKeys:1:Scopes:0"] = "ledger:read",
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Error",
            ["Logging:LogLevel:Grpc"] = "Error",
            ["Logging:LogLevel:Credits"] = "Error",
        };
        if (keyRefreshInterval is { } interval)
        {
            configuration["Auth:KeyRefreshInterval"] = interval.ToString("c", CultureInfo.InvariantCulture);
        }
        var app = ServerHost.Build(["--environment", "Production"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            if (time is not null)
            {
                builder.Services.AddSingleton<TimeProvider>(time);
            }
        });
        try
        {
            await app.StartAsync();
            return new CliServer(app, database, time, drop);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The wrapper client with <paramref name="apiKey"/>, to arrange what a test needs without the CLI.</summary>
    public CreditsClient Client(string apiKey = CliKeys.Admin) => CreditsClient.Create(Address, apiKey);

    /// <summary>Runs <c>credits</c> in-process against this server with the admin key, unless the arguments give their own.</summary>
    public Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(["--url", Address.ToString(), "--api-key", CliKeys.Admin, .. args]);

    public async ValueTask DisposeAsync()
    {
        try
        {
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

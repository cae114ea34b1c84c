using System.Globalization;
using Credits.Client;
using Credits.Ledger.Data;
using Credits.Ledger.Verification;
using Credits.Server;
using Credits.Testing.Hosting;
using Microsoft.AspNetCore.Builder;
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

    private readonly TestServerHost _host;

    private CliServer(TestServerHost host)
    {
        _host = host;
    }

    public WebApplication App => _host.App;

    public LedgerDatabase Database => _host.Database;

    /// <summary>The fake clock, or null when the server runs on the real one.</summary>
    public FakeTimeProvider? Time => _host.Time;

    public Uri Address => _host.Address;

    public LedgerVerifier Verifier => App.Services.GetRequiredService<LedgerVerifier>();

    /// <summary>Creates a database, then starts a server on it.</summary>
    public static async Task<CliServer> StartAsync(DatabaseProvider provider, bool fakeClock = true, TimeSpan? keyRefreshInterval = null) =>
        new(await TestServerHost.StartAsync(provider, Options(fakeClock ? new FakeTimeProvider(Start) : null, keyRefreshInterval, 0)));

    /// <summary>Starts another server on <paramref name="database"/> (a second instance); the database is left alone when it stops.</summary>
    /// <param name="database">The database, shared with the other instance.</param>
    /// <param name="time">The clock; null for the real one.</param>
    /// <param name="keyRefreshInterval">Auth:KeyRefreshInterval; null for the default.</param>
    /// <param name="port">The port to listen on; 0 for a free one (a restarted server takes its predecessor's).</param>
    public static async Task<CliServer> StartOnAsync(LedgerDatabase database, FakeTimeProvider? time, TimeSpan? keyRefreshInterval = null, int port = 0) =>
        new(await TestServerHost.StartOnAsync(database, Options(time, keyRefreshInterval, port)));

    /// <summary>The wrapper client with <paramref name="apiKey"/>, to arrange what a test needs without the CLI.</summary>
    public CreditsClient Client(string apiKey = CliKeys.Admin) => CreditsClient.Create(Address, apiKey);

    /// <summary>Runs <c>credits</c> in-process against this server with the admin key, unless the arguments give their own.</summary>
    public Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(["--url", Address.ToString(), "--api-key", CliKeys.Admin, .. args]);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static TestServerOptions Options(FakeTimeProvider? time, TimeSpan? keyRefreshInterval, int port)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Ledger:Features:image.generate"] = "5",
            ["Ledger:SweepInterval"] = "1.00:00:00",
        };
        if (keyRefreshInterval is { } interval)
        {
            configuration["Auth:KeyRefreshInterval"] = interval.ToString("c", CultureInfo.InvariantCulture);
        }
        return new TestServerOptions
        {
            Time = time,
            GrpcPort = port,
            ApiKeys =
            [
                new(CliKeys.AdminName, CliKeys.AdminSha256, "admin"),
                new(CliKeys.ReaderName, CliKeys.ReaderSha256, "ledger:read"),
            ],
            Configuration = configuration,
        };
    }
}

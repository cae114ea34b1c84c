using System.Collections.ObjectModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Credits.Testing.Hosting;

/// <summary>
/// What one suite's server has beyond the settings every test server shares
/// (<see cref="TestServerConfiguration"/>); the defaults are what most suites want.
/// </summary>
public sealed record TestServerOptions
{
    /// <summary>The host environment, passed as <c>--environment</c>: Production, as deployed, unless a test is about Development.</summary>
    public string Environment { get; init; } = "Production";

    /// <summary>
    /// The clock the test moves, registered as the server's <see cref="TimeProvider"/>; null leaves the
    /// real one, for suites whose background services must run on their own.
    /// </summary>
    public FakeTimeProvider? Time { get; init; }

    /// <summary>The gRPC listener's port on 127.0.0.1: 0 for a free one, or a known one so a restarted server takes its predecessor's.</summary>
    public int GrpcPort { get; init; }

    /// <summary>
    /// <c>Database:UnsafeDurability</c>. The throwaway PostgreSQL of tests/run.sh runs with fsync off,
    /// so the server is told to warn rather than refuse.
    /// </summary>
    public string UnsafeDurability { get; init; } = "Warn";

    /// <summary>
    /// <c>Auth:ApiKeys</c>, in order. Outside Development the server refuses to start with none, so
    /// only a Development host may leave this empty.
    /// </summary>
    public IReadOnlyList<TestApiKey> ApiKeys { get; init; } = [];

    /// <summary>
    /// The <c>Logging</c> settings: <see cref="TestServerConfiguration.ErrorsOnly"/> unless the suite
    /// reads the server's log records itself.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Logging { get; init; } = TestServerConfiguration.ErrorsOnly;

    /// <summary>The suite's own settings, applied last, so they may also replace a shared one.</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = ReadOnlyDictionary<string, string?>.Empty;

    /// <summary>
    /// The addresses of listeners the suite adds besides gRPC (a Kestrel endpoint, <c>Browser:Url</c>):
    /// the server reports every address it listens on, and the gRPC one is the one not named here.
    /// </summary>
    public IReadOnlyList<Uri> OtherListeners { get; init; } = [];

    /// <summary>
    /// Turns the settings into the configuration source the server reads; null for an in-memory
    /// collection. A suite that changes settings while the server runs supplies one it can reload.
    /// </summary>
    public Func<IDictionary<string, string?>, IConfigurationSource>? ConfigurationSource { get; init; }

    /// <summary>Runs after the shared registrations, before the application is built: services the suite adds, replaces or removes.</summary>
    public Action<WebApplicationBuilder>? Configure { get; init; }
}

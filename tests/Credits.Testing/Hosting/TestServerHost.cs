using Credits.Ledger.Data;
using Credits.Server;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NUnit.Framework;
using Microsoft.Extensions.Time.Testing;

namespace Credits.Testing.Hosting;

/// <summary>
/// The real server (<see cref="ServerHost.Build"/>) on a throwaway database, listening on 127.0.0.1,
/// with a channel to its gRPC listener. Each suite's server wraps one and adds only what is its own;
/// the lifecycle lives here so that every suite stops its server the same way and never leaves a
/// database behind, not even when the server fails to start.
/// </summary>
public sealed class TestServerHost : IAsyncDisposable
{
    /// <summary>Far less than the server's own shutdown timeout: a test waits no longer for calls it left open.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Action _drop;
    private readonly List<IDisposable> _owned = [];

    private TestServerHost(WebApplication app, LedgerDatabase database, TestServerOptions options, Action drop)
    {
        App = app;
        Database = database;
        Time = options.Time;
        _drop = drop;
        Address = new Uri(app.Urls.Single(url => options.OtherListeners.All(other => new Uri(url).Port != other.Port)));
        Channel = GrpcChannel.ForAddress(Address);
    }

    public WebApplication App { get; }

    public LedgerDatabase Database { get; }

    /// <summary>The fake clock, or null when the server runs on the real one.</summary>
    public FakeTimeProvider? Time { get; }

    /// <summary>The gRPC listener's address.</summary>
    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    /// <summary>Creates a database, then builds and starts the server on it; the database is dropped when the server stops.</summary>
    public static async Task<TestServerHost> StartAsync(DatabaseProvider provider, TestServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var database = TestDatabases.Create(provider, out var drop);
        try
        {
            return await StartAsync(database, options, drop);
        }
        catch
        {
            drop();
            throw;
        }
    }

    /// <summary>
    /// Starts a server on <paramref name="database"/>, which belongs to someone else (a second
    /// instance, a restart): it is left alone when this server stops.
    /// </summary>
    public static Task<TestServerHost> StartOnAsync(LedgerDatabase database, TestServerOptions options) =>
        StartAsync(database, options, () => { });

    /// <summary>Builds, without starting, the server on <paramref name="database"/>: for tests of what happens at start.</summary>
    public static WebApplication Build(LedgerDatabase database, TestServerOptions options)
    {
        var configuration = TestServerConfiguration.Create(database, options);
        return ServerHost.Build(["--environment", options.Environment], builder =>
        {
            if (options.ConfigurationSource is { } source)
            {
                ((IConfigurationBuilder)builder.Configuration).Add(source(configuration));
            }
            else
            {
                builder.Configuration.AddInMemoryCollection(configuration);
            }
            if (options.Time is { } time)
            {
                builder.Services.AddSingleton<TimeProvider>(time);
            }
            options.Configure?.Invoke(builder);
        });
    }

    /// <summary>
    /// Builds the server on a fresh database and starts it, for a configuration it must refuse:
    /// returns the validation error it fails with (and fails the test if it starts).
    /// </summary>
    public static async Task<OptionsValidationException> RefusedStartAsync(DatabaseProvider provider, TestServerOptions options)
    {
        var database = TestDatabases.Create(provider, out var drop);
        try
        {
            await using var app = Build(database, options);
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
            return error!;
        }
        finally
        {
            drop();
        }
    }

    /// <summary>Disposes <paramref name="resource"/> with the server, before it stops, so a suite's clients never outlive it.</summary>
    public T Own<T>(T resource)
        where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var resource in _owned)
            {
                resource.Dispose();
            }
            Channel.Dispose();
            using var stopping = new CancellationTokenSource(StopTimeout);
            await App.StopAsync(stopping.Token);
            await App.DisposeAsync();
        }
        finally
        {
            _drop();
        }
    }

    private static async Task<TestServerHost> StartAsync(LedgerDatabase database, TestServerOptions options, Action drop)
    {
        var app = Build(database, options);
        try
        {
            await app.StartAsync();
            return new TestServerHost(app, database, options, drop);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}

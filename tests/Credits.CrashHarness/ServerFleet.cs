using Credits.Client;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Credits.CrashHarness;

/// <summary>
/// The ledger servers the harness runs over one database: one, or several (<c>--instances</c>)
/// that share an API key and nothing else. Callers reach a fleet of several through grpc-dotnet's
/// client-side load balancing (a static resolver over every instance's address, round robin), as a
/// production caller with a list of instances would: a killed instance's subchannel fails and the
/// retried call goes to a live one.
/// </summary>
internal sealed class ServerFleet : IAsyncDisposable
{
    private readonly ServiceProvider _balancing;

    public ServerFleet(HarnessOptions options)
    {
        ApiKey = ServerProcess.NewApiKey();
        Instances = [.. Enumerable.Range(1, options.Instances)
            .Select(n => new ServerProcess(options, options.Instances == 1 ? "" : "-" + n, ApiKey))];
        var addresses = Instances.Select(instance => new BalancerAddress(instance.Address.Host, instance.Port)).ToArray();
        _balancing = new ServiceCollection()
            .AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => addresses))
            .BuildServiceProvider();
    }

    public IReadOnlyList<ServerProcess> Instances { get; }

    public string ApiKey { get; }

    /// <summary>Where the callers' requests go: the lone server, or all of them balanced.</summary>
    public string Describe => Instances.Count == 1
        ? Instances[0].Address.ToString()
        : string.Join(", ", Instances.Select(instance => instance.Address)) + " (client-side round robin)";

    /// <summary>Server processes started, over all instances.</summary>
    public int Incarnations => Instances.Sum(instance => instance.Incarnations);

    /// <summary>Error or Critical lines logged, over all instances.</summary>
    public long ErrorLines => Instances.Sum(instance => instance.ErrorLines);

    /// <summary>Instances whose process exited without the harness killing it.</summary>
    public IEnumerable<ServerProcess> ExitedOnTheirOwn => Instances.Where(instance => instance.ExitedOnItsOwn);

    /// <summary>A client over every instance (a lone server directly); <paramref name="handler"/> is disposed with it.</summary>
    public CreditsClient CreateClient(SocketsHttpHandler handler)
    {
        if (Instances.Count == 1)
        {
            return CreditsClient.Create(Instances[0].Address, ApiKey, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        }
        return CreditsClient.Create(new Uri("static:///credits-ledger"), ApiKey, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            Credentials = ChannelCredentials.Insecure,
            ServiceProvider = _balancing,
            ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } },
        });
    }

    public async Task StartAllAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(Instances.Select(instance => instance.StartAsync(cancellationToken)));

    public async Task WaitAllServingAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await Task.WhenAll(Instances.Select(instance => instance.WaitServingAsync(timeout, cancellationToken)));

    public async Task KillAllAsync() => await Task.WhenAll(Instances.Select(instance => instance.KillAsync()));

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in Instances)
        {
            await instance.DisposeAsync();
        }
        await _balancing.DisposeAsync();
    }
}

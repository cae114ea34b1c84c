using System.Diagnostics;
using Credits.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Credits.AbuseHarness;

/// <summary>The callers that go past each limit, and what the server answered them.</summary>
internal sealed class Abusers(ServerProcess server, Caller streamer, Caller watcher, Caller flooder)
{
    private readonly List<AsyncServerStreamingCall<StreamHistoryResponse>> _streams = [];
    private readonly List<GrpcChannel> _connections = [];

    public Outcomes Streams { get; } = new();
    public Outcomes Followers { get; } = new();
    public Outcomes Flood { get; } = new();
    public Outcomes Connections { get; } = new();

    /// <summary>
    /// The stream hog opens its cap of follows and then more, each on an account with one entry (its
    /// arrival proves the stream was taken); the watcher follows one account past that account's cap.
    /// </summary>
    public async Task OpenStreamsAsync(IReadOnlyList<string> accounts, string crowded)
    {
        foreach (var account in accounts.Take(Limits.StreamsPerKey + Limits.StreamsBeyond))
        {
            await FollowAsync(streamer, account, Streams);
        }
        for (var i = 0; i < Limits.StreamsPerAccount + Limits.StreamsBeyond; i++)
        {
            await FollowAsync(watcher, crowded, Followers);
        }
    }

    /// <summary>Balance reads at <see cref="Limits.FloodPerSecond"/>, four times the key's rate, until <paramref name="stop"/>.</summary>
    public async Task FloodAsync(string account, CancellationToken stop)
    {
        const int Workers = 16;
        var interval = TimeSpan.FromSeconds((double)Workers / Limits.FloodPerSecond);
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var due = interval * i;
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, CancellationToken.None);
                }
                await Flood.CountAsync(() => flooder.Ledger.GetBalanceAsync(new GetBalanceRequest { AccountId = account }, flooder.Headers).ResponseAsync);
            }
        }));
    }

    /// <summary>Opens connections past the cap, each proved by a health check; those beyond it are closed by the server.</summary>
    public async Task OpenConnectionsAsync()
    {
        for (var i = 0; i < Limits.Connections + Limits.ConnectionsBeyond; i++)
        {
            var channel = GrpcChannel.ForAddress(server.Address);
            var served = await Connections.CountAsync(() =>
                new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
            if (served)
            {
                _connections.Add(channel);
            }
            else
            {
                // Refused: nothing to hold, and a channel left open would keep trying to reconnect.
                channel.Dispose();
            }
        }
    }

    /// <summary>Closes every stream and connection the abusers hold.</summary>
    public void Close()
    {
        _streams.ForEach(stream => stream.Dispose());
        _streams.Clear();
        _connections.ForEach(channel => channel.Dispose());
        _connections.Clear();
    }

    private async Task FollowAsync(Caller caller, string account, Outcomes outcomes)
    {
        var call = caller.Ledger.StreamHistory(new StreamHistoryRequest { AccountId = account, Follow = true }, caller.Headers);
        _streams.Add(call);
        await outcomes.CountAsync(async () =>
        {
            if (!await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                throw new InvalidOperationException($"The follow of {account} ended without its first entry.");
            }
        });
    }
}

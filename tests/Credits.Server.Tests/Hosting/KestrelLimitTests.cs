using System.Net.Sockets;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.Testing;
using Credits.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Credits.Server.Tests.Hosting;

/// <summary>
/// Kestrel's limits are explicit: a connection beyond the cap is closed while those already open
/// carry on, and every limit has a written default that <c>Kestrel:Limits</c> overrides. They touch
/// no database, so one provider suffices.
/// </summary>
public sealed class KestrelLimitTests
{
    [Test]
    public async Task A_connection_beyond_the_cap_is_refused_and_served_once_a_slot_frees()
    {
        await using var server = await LedgerServer.StartAsync(DatabaseProvider.Sqlite, ServerSettings.Default with
        {
            Configuration = new Dictionary<string, string?> { ["Kestrel:Limits:MaxConcurrentConnections"] = "2" },
        });
        // The server's own test channel holds one connection once used; an idle socket takes the other.
        await server.Raw.GetBalanceAsync(new GetBalanceRequest { AccountId = "user:1" }, LedgerServer.Bearer(TestKeys.Reader));
        using var idle = new TcpClient();
        await idle.ConnectAsync(server.Address.Host, server.Address.Port);

        using (var third = GrpcChannel.ForAddress(server.Address))
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => BalanceAsync(third));
            // The server closes the connection at once: the client reads a transport failure,
            // UNAVAILABLE, or INTERNAL when the close cut its HTTP/2 handshake short.
            Assert.That(error!.StatusCode, Is.AnyOf(StatusCode.Unavailable, StatusCode.Internal));
            Assert.That(error.Trailers.GetValue("grpc-status-details-bin"), Is.Null, "no status came from the server");
        }
        Assert.That((await server.Raw.GetBalanceAsync(new GetBalanceRequest { AccountId = "user:1" }, LedgerServer.Bearer(TestKeys.Reader))).Balance,
            Is.Not.Null, "the connections already open carry on");

        idle.Close();
        await Eventually.True(async () =>
        {
            using var channel = GrpcChannel.ForAddress(server.Address);
            try
            {
                await BalanceAsync(channel);
                return true;
            }
            catch (RpcException error) when (error.StatusCode is StatusCode.Unavailable or StatusCode.Internal)
            {
                return false;
            }
        }, "a new connection to be served after the idle one closed");
    }

    [Test]
    public async Task Every_limit_has_an_explicit_default_and_configuration_overrides_it()
    {
        await using var defaults = await LedgerServer.StartAsync(DatabaseProvider.Sqlite);
        await using var configured = await LedgerServer.StartAsync(DatabaseProvider.Sqlite, ServerSettings.Default with
        {
            Configuration = new Dictionary<string, string?> { ["Kestrel:Limits:MaxRequestBodySize"] = "2048", ["Kestrel:Limits:Http2:MaxStreamsPerConnection"] = "7" },
        });

        var limits = defaults.App.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        var overridden = configured.App.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Multiple(() =>
        {
            Assert.That(limits.MaxConcurrentConnections, Is.EqualTo(10_000));
            Assert.That(limits.MaxRequestBodySize, Is.EqualTo(1024 * 1024), "Kestrel's own default is 30 MB");
            Assert.That(limits.MaxRequestHeadersTotalSize, Is.EqualTo(32 * 1024));
            Assert.That(limits.RequestHeadersTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(limits.KeepAliveTimeout, Is.EqualTo(TimeSpan.FromMinutes(2)));
            Assert.That(limits.Http2.MaxStreamsPerConnection, Is.EqualTo(100));
            Assert.That(limits.Http2.KeepAlivePingDelay, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(limits.Http2.KeepAlivePingTimeout, Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(overridden.MaxRequestBodySize, Is.EqualTo(2048));
            Assert.That(overridden.Http2.MaxStreamsPerConnection, Is.EqualTo(7));
            Assert.That(overridden.MaxConcurrentConnections, Is.EqualTo(10_000), "keys not configured keep their defaults");
        });
    }

    private static async Task BalanceAsync(GrpcChannel channel) =>
        await new LedgerService.LedgerServiceClient(channel).GetBalanceAsync(
            new GetBalanceRequest { AccountId = "user:1" }, LedgerServer.Bearer(TestKeys.Reader), deadline: DateTime.UtcNow.AddSeconds(5));
}

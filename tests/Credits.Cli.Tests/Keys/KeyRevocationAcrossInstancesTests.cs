using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;
using Microsoft.Extensions.Time.Testing;

namespace Credits.Cli.Tests.Keys;

/// <summary>
/// Two server instances on one database: a key minted or revoked through one takes effect on the other
/// within Auth:KeyRefreshInterval, with no database read per call.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class KeyRevocationAcrossInstancesTests(DatabaseProvider provider)
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    [Test]
    public async Task A_key_revoked_on_one_instance_is_refused_by_another_after_its_next_refresh()
    {
        var time = new FakeTimeProvider(CliServer.Start);
        await using var first = await CliServer.StartAsync(provider, fakeClock: false, keyRefreshInterval: RefreshInterval);
        await using var second = await CliServer.StartOnAsync(first.Database, time, RefreshInterval);
        var minted = await first.RunAsync("keys", "mint", "--name", "worker", "--scopes", "ledger:read", "--json");
        var secret = System.Text.Json.JsonDocument.Parse(minted.Out).RootElement.GetProperty("secret").GetString()!;
        var keyId = System.Text.Json.JsonDocument.Parse(minted.Out).RootElement.GetProperty("apiKey").GetProperty("keyId").GetString()!;

        var beforeRefresh = await BalanceOn(second, secret);
        time.Advance(RefreshInterval);
        var afterRefresh = await BalanceOnceRefreshed(second, secret, expectedExitCode: 0);
        await first.RunAsync("keys", "revoke", keyId);
        var revokedBeforeRefresh = await BalanceOn(second, secret);
        time.Advance(RefreshInterval);
        var revokedAfterRefresh = await BalanceOnceRefreshed(second, secret, expectedExitCode: 4);

        Assert.That(beforeRefresh.ExitCode, Is.EqualTo(4), "unknown to the second instance until it refreshes");
        Assert.That(afterRefresh.ExitCode, Is.Zero, afterRefresh.ToString());
        Assert.That(revokedBeforeRefresh.ExitCode, Is.Zero, "still in the second instance's snapshot");
        Assert.That(revokedAfterRefresh.ExitCode, Is.EqualTo(4));
        Assert.That(revokedAfterRefresh.Error, Does.StartWith("error: API_KEY_INVALID: "));
    }

    private static Task<CliResult> BalanceOn(CliServer server, string secret) =>
        CliRunner.RunAsync(["balance", "user:1", "--url", server.Address.ToString(), "--api-key", secret]);

    // The refresh the clock triggered reads the database in the background: ask until it has landed (10 s at most).
    private static async Task<CliResult> BalanceOnceRefreshed(CliServer server, string secret, int expectedExitCode)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var result = await BalanceOn(server, secret);
            if (result.ExitCode == expectedExitCode || DateTime.UtcNow > deadline)
            {
                return result;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}

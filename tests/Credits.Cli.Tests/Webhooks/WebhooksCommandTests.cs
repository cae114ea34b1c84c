using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;

namespace Credits.Cli.Tests.Webhooks;

/// <summary>
/// <c>credits webhooks dead-letters list|replay</c> against a real server: the list's table, and a
/// replay of a delivery the endpoint never had refused with its reason (exit 3). Dead letters being
/// made, listed and replayed are specified through gRPC in Credits.Server.Tests (Notifications.Webhooks).
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class WebhooksCommandTests(DatabaseProvider provider)
{
    [Test]
    public async Task Listing_with_none_prints_the_header_and_replaying_an_unknown_one_names_the_reason()
    {
        await using var server = await CliServer.StartAsync(provider);

        var list = await server.RunAsync("webhooks", "dead-letters", "list");
        var json = await server.RunAsync("webhooks", "dead-letters", "list", "--endpoint", "product", "--json");
        var replay = await server.RunAsync("webhooks", "dead-letters", "replay", "product", "user:nobody", "1");

        Assert.That((list.ExitCode, list.Out.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]), Is.EqualTo((0, "endpoint")), list.ToString());
        Assert.That(json.ExitCode, Is.Zero, json.ToString());
        Assert.That(System.Text.Json.JsonDocument.Parse(json.Out).RootElement.GetProperty("deadLetters").GetArrayLength(), Is.Zero);
        Assert.That(replay.ExitCode, Is.EqualTo(3), replay.ToString());
        Assert.That(replay.Error, Does.StartWith("error: WEBHOOK_DELIVERY_NOT_FOUND: "));
    }
}

using System.Text.Json;
using Credits.Ledger.Data;
using Credits.Testing;
using StandardWebhooks;

namespace Credits.Server.Tests.Notifications.Webhooks;

/// <summary>
/// Notification webhooks through a real server to a real receiver on 127.0.0.1 that verifies each
/// signature with the Standard Webhooks authors' npm library: down for a while (connections
/// refused, then 500s) and back, every notification arrives exactly once; an account without the
/// webhook channel sends none; a forged or stale delivery is refused by the receiver.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class NotificationWebhookDeliveryTests(DatabaseProvider provider)
{
    [Test]
    public async Task A_receiver_down_for_a_while_gets_every_notification_once_when_it_comes_back()
    {
        await using var receiver = new WebhookReceiver();
        await using var server = await WebhookServer.StartAsync(provider, receiver, maxAttempts: 50);
        var silent = await server.AccountAtTwentyPercentAsync(webhook: false);
        var accounts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            accounts.Add(await server.AccountAtTwentyPercentAsync());
        }
        var expected = accounts.Select(account => $"{account}/1").ToList();

        // Nothing listens yet: every attempt is refused, and retried.
        await Eventually.True(async () => (await server.Outbox.FindAsync(WebhookServer.Endpoint, accounts[^1], 1))?.Attempts >= 2,
            "two refused attempts at the last notification");
        // Then it answers 500 for a while.
        await receiver.StartAsync(failing: true);
        await Eventually.True(async () => (await receiver.StateAsync()).RefusedWhileFailing >= 3, "three deliveries answered 500");
        await receiver.OkAsync();
        await Eventually.True(async () => (await receiver.StateAsync()).Counts.Count == expected.Count, "every notification delivered");
        // One more after the recovery goes straight through.
        await server.SpendAsync(accounts[0], 11);
        expected.Add($"{accounts[0]}/2");
        await Eventually.True(async () => (await receiver.StateAsync()).Counts.Count == expected.Count, "the new notification delivered");

        // Let the dispatcher run a few more passes: nothing arrives twice.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var state = await receiver.StateAsync();
        Assert.That(state.Counts, Is.EquivalentTo(expected.ToDictionary(id => id, _ => 1)), "each notification exactly once, the silent account's never");
        Assert.That(state.Rejected, Is.Zero, "every signature verified");
        var body = state.Bodies[$"{accounts[1]}/1"];
        Assert.That(body.GetProperty("type").GetString(), Is.EqualTo("notification.low_balance"));
        var data = body.GetProperty("data");
        Assert.That((data.GetProperty("accountId").GetString(), data.GetProperty("thresholdPercent").GetInt32(), data.GetProperty("balance").GetString()),
            Is.EqualTo((accounts[1], 20, "20")));
        var delivered = await server.Outbox.FindAsync(WebhookServer.Endpoint, accounts[^1], 1);
        Assert.That((delivered!.DeliveredAt is not null, delivered.DeadAt, delivered.Attempts >= 3), Is.EqualTo((true, (DateTimeOffset?)null, true)),
            "delivered after the failed attempts, never dead");
        Assert.That(await server.Outbox.FindAsync(WebhookServer.Endpoint, silent, 1), Is.Null, "an account without the webhook channel is never queued");
    }

    [Test]
    public async Task The_receiver_refuses_a_forged_signature_and_a_stale_timestamp()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        const string body = """{"type":"notification.depleted","timestamp":"2026-12-04T00:00:00.000Z","data":{}}""";
        var forger = new StandardWebhook("whsec_" + Convert.ToBase64String(new byte[32]));
        var signer = new StandardWebhook(WebhookReceiver.Secret);
        var now = DateTimeOffset.UtcNow;

        var forged = await receiver.PostAsync(body, Headers("user:a/1", now, forger.Sign("user:a/1", now, body)));
        var stale = await receiver.PostAsync(body, Headers("user:a/2", now.AddMinutes(-10), signer.Sign("user:a/2", now.AddMinutes(-10), body)));
        var tampered = await receiver.PostAsync(body.Replace("depleted", "low_balance", StringComparison.Ordinal), Headers("user:a/3", now, signer.Sign("user:a/3", now, body)));
        var genuine = await receiver.PostAsync(body, Headers("user:a/4", now, signer.Sign("user:a/4", now, body)));

        Assert.That((forged, stale, tampered, genuine), Is.EqualTo((400, 400, 400, 204)));
        Assert.That((await receiver.StateAsync()).Counts.Keys, Is.EqualTo((string[])["user:a/4"]));
    }

    private static KeyValuePair<string, string>[] Headers(string id, DateTimeOffset timestamp, string signature) =>
    [
        new("webhook-id", id),
        new("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("webhook-signature", signature),
    ];
}

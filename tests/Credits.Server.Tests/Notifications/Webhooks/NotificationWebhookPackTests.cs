using Credits.Ledger.Data;
using Credits.Testing;
using Credits.V1;

namespace Credits.Server.Tests.Notifications.Webhooks;

/// <summary>
/// Issue 16: the webhook carries the notification's suggested pack and purchase link, as the
/// receiver (the Standard Webhooks npm library) verifies and parses the body. A pack needs a burn
/// rate, that is spending spread over at least a day; the server's clock starts eight days behind
/// and catches up a day per spend (<see cref="CatchingUpClock"/>), so the ledger sees a week of
/// spending while the crossing itself, and every delivery, happens on the real clock the receiver
/// checks signatures against. Nothing is seeded: the rate is the one the ledger kept.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class NotificationWebhookPackTests(DatabaseProvider provider)
{
    private static readonly Dictionary<string, string?> Catalogue = new()
    {
        ["Stripe:Packs:small:Credits"] = "400",
        ["Stripe:Packs:small:PriceId"] = "price_small",
        ["Stripe:Packs:small:UnitAmount"] = "500",
        ["Stripe:Packs:large:Credits"] = "3000",
        ["Stripe:Packs:large:PriceId"] = "price_large",
        ["Stripe:Packs:large:UnitAmount"] = "3000",
        ["Ledger:Notifications:PurchaseUrl"] = "https://shop.example/buy?from=bell",
    };

    [Test]
    public async Task The_delivered_body_names_the_suggested_pack_and_its_purchase_link()
    {
        var clock = new CatchingUpClock(TimeSpan.FromDays(8));
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        await using var server = await WebhookServer.StartAsync(provider, receiver, maxAttempts: 5, clock, Catalogue);
        var account = $"user:{Guid.NewGuid():N}";
        await server.Writer.UpdateNotificationPreferencesAsync(new UpdateNotificationPreferencesRequest
        {
            AccountId = account,
            Preferences = new NotificationPreferences { LowBalanceThresholds = { 20 }, InApp = true, Webhook = true },
            IdempotencyKey = Guid.NewGuid().ToString("N"),
        });
        await server.Writer.GrantAsync(new GrantRequest
        {
            AccountId = account, Amount = 1000, Bucket = Bucket.Purchased, Reference = "test", IdempotencyKey = Guid.NewGuid().ToString("N"),
        });
        // 10 a day for seven days (930 left: far from 20% and from running out), then the clock is real.
        for (var day = 0; day < 7; day++)
        {
            await server.SpendAsync(account, 10);
            clock.Advance(TimeSpan.FromDays(1));
        }
        clock.Advance(clock.Behind);

        // The crossing: 930 -> 200 is 20% of the 1000 granted. At its Reserve the rate is about 10 a
        // day, 300 in 30 days: the 400 pack covers it.
        await server.SpendAsync(account, 730);

        var id = $"{account}/1";
        await Eventually.True(async () => (await receiver.StateAsync()).Counts.ContainsKey(id), "the low-balance notification delivered");
        var state = await receiver.StateAsync();
        Assert.That(state.Rejected, Is.Zero, "every signature verified on the real clock");
        var body = state.Bodies[id];
        Assert.That(body.GetProperty("type").GetString(), Is.EqualTo("notification.low_balance"), "the first notification: none fired while the clock was behind");
        var data = body.GetProperty("data");
        Assert.That((data.GetProperty("suggestedPackId").GetString(), data.GetProperty("purchaseUrl").GetString()),
            Is.EqualTo(("small", "https://shop.example/buy?from=bell&pack=small")));
        var listed = (await server.Writer.ListNotificationsAsync(account).ToListAsync()).Single(note => note.Sequence == 1);
        Assert.That((listed.SuggestedPackId, listed.PurchaseUrl), Is.EqualTo((data.GetProperty("suggestedPackId").GetString(), data.GetProperty("purchaseUrl").GetString())),
            "the webhook says what the in-app list says");
    }
}

using System.Text.Json.Nodes;
using Credits.Ledger.Data;
using Credits.Ledger.Expiry;
using Microsoft.Extensions.DependencyInjection;
using Credits.Stripe.Tests.Support;
using Credits.V1;

namespace Credits.Stripe.Tests.Subscriptions;

/// <summary>Helpers for subscription events through the real, signed webhook.</summary>
public abstract class SubscriptionEventFixture(DatabaseProvider provider) : StripeFixture(provider)
{
    /// <summary>A period of one calendar month starting at <paramref name="start"/>.</summary>
    protected static (DateTimeOffset Start, DateTimeOffset End) Month(DateTimeOffset start) => (start, start.AddMonths(1));

    /// <summary>The start of the next whole second: Stripe's timestamps are whole seconds.</summary>
    protected DateTimeOffset NextSecond()
    {
        var seconds = Now.ToUnixTimeSeconds() + 1;
        Time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(seconds));
        return Now;
    }

    protected Task<string> InvoicePaid(string invoiceId, string subscriptionId, string? account, string priceId,
        (DateTimeOffset Start, DateTimeOffset End) period, string reason = "subscription_cycle", StripeShape shape = StripeShape.Newer,
        string? eventId = null) =>
        Deliver("invoice.paid", StripeObjects.Invoice(invoiceId, subscriptionId, account, priceId, period.Start, period.End, reason, shape), eventId);

    protected Task<string> InvoiceFailed(string invoiceId, string subscriptionId, string account, string priceId,
        (DateTimeOffset Start, DateTimeOffset End) period, string reason = "subscription_cycle") =>
        Deliver("invoice.payment_failed", StripeObjects.Invoice(invoiceId, subscriptionId, account, priceId, period.Start, period.End, reason, paid: false));

    protected Task<string> SubscriptionUpdated(string subscriptionId, string? account, string priceId, (DateTimeOffset Start, DateTimeOffset End) period,
        bool cancelAtPeriodEnd = false, StripeShape shape = StripeShape.Newer) =>
        Deliver("customer.subscription.updated",
            StripeObjects.Subscription(subscriptionId, account, priceId, period.Start, period.End, cancelAtPeriodEnd, shape: shape));

    protected Task<string> SubscriptionDeleted(string subscriptionId, string account, string priceId, (DateTimeOffset Start, DateTimeOffset End) period) =>
        Deliver("customer.subscription.deleted", StripeObjects.Subscription(subscriptionId, account, priceId, period.Start, period.End, status: "canceled"));

    protected async Task<Subscription> GetSubscription(string subscriptionId) =>
        (await Server.Admin.GetSubscriptionAsync(new GetSubscriptionRequest { SubscriptionId = subscriptionId },
            StripeTestServer.Bearer(StripeTestServer.AdminKey))).Subscription;

    protected async Task<long> InBucket(string account, Bucket bucket) => Buckets(await Balance(account)).GetValueOrDefault(bucket);

    /// <summary>After a sweep journals what reads already apply, the journal adds up to the balance and the verifier finds nothing.</summary>
    protected async Task AssertJournalReplaysToBalance(string account)
    {
        await Server.App.Services.GetRequiredService<ExpirySweeper>().SweepOnceAsync();
        var balance = await Balance(account);
        var replayed = (await History(account)).Sum(entry => entry.Amount);
        Assert.That(replayed, Is.EqualTo(balance.Available + balance.Held), "the journal replays to the balance");
        Assert.That(await Server.Verifier.VerifyAsync(), Is.Empty, "ledger invariants");
    }

    protected static JsonObject ProrationLine(string priceId, long amount, (DateTimeOffset Start, DateTimeOffset End) period) => new()
    {
        ["id"] = StripeObjects.NewId("il_"),
        ["object"] = "line_item",
        ["amount"] = amount,
        ["currency"] = "usd",
        ["description"] = $"Unused time on {priceId}",
        ["period"] = new JsonObject { ["start"] = period.Start.ToUnixTimeSeconds(), ["end"] = period.End.ToUnixTimeSeconds() },
        ["pricing"] = new JsonObject { ["type"] = "price_details", ["price_details"] = new JsonObject { ["price"] = priceId, ["product"] = "prod_credits" } },
        ["parent"] = new JsonObject
        {
            ["type"] = "subscription_item_details",
            ["subscription_item_details"] = new JsonObject { ["proration"] = true, ["subscription"] = "sub", ["subscription_item"] = "si_credits" },
        },
        ["quantity"] = 1,
    };
}

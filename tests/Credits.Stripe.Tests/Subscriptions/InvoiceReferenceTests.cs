using Credits.Ledger;
using Credits.Ledger.Data;
using Credits.Ledger.Expiry;
using Credits.Stripe.Tests.Support;
using Credits.Testing;
using Credits.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Credits.Stripe.Tests.Subscriptions;

/// <summary>
/// Issue 13, payments: a subscription invoice's allowance is granted once per invoice for good, not
/// only while its idempotency key is kept, like a checkout's purchase.
/// </summary>
public sealed class InvoiceReferenceTests(DatabaseProvider provider) : SubscriptionEventFixture(provider)
{
    [Test]
    public async Task An_invoice_delivered_again_after_its_idempotency_key_expired_grants_nothing_a_second_time()
    {
        var account = NewAccount();
        var invoiceId = StripeObjects.NewId("in_");
        var eventId = StripeObjects.NewId("evt_");
        var subscriptionId = StripeObjects.NewId("sub_");
        var period = Month(NextSecond());
        Assert.That(await InvoicePaid(invoiceId, subscriptionId, account, TestTiers.BasicPrice, period, "subscription_create",
            eventId: eventId), Is.EqualTo("applied"));
        // What a crash between the ledger's grant and the subscription's record of it leaves.
        await TestSql.ExecuteAsync(Server.Database, "DELETE FROM subscription_grants WHERE account_id = @account", ("account", account));
        await TestSql.ExecuteAsync(Server.Database, "DELETE FROM stripe_events WHERE event_id = @event", ("event", eventId));
        Time.Advance(Server.App.Services.GetRequiredService<LedgerOptions>().IdempotencyKeyRetention + TimeSpan.FromMinutes(1));
        await Server.App.Services.GetRequiredService<ExpirySweeper>().SweepOnceAsync();

        await InvoicePaid(invoiceId, subscriptionId, account, TestTiers.BasicPrice, period, "subscription_create", eventId: eventId);

        Assert.That(await InBucket(account, Bucket.Subscription), Is.EqualTo(TestTiers.BasicCredits), "one allowance");
        Assert.That((await History(account)).Count(entry => entry.Kind == EntryKind.Grant), Is.EqualTo(1));
        Assert.That((await Outbox(account)).Count(message => message.Topic == "receipt.subscription_renewal"), Is.EqualTo(1), "one renewal email");
    }
}

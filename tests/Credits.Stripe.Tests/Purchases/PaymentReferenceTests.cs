using Credits.Ledger;
using Credits.Ledger.Data;
using Credits.Ledger.Expiry;
using Credits.Stripe.Tests.Support;
using Credits.Testing;
using Credits.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Credits.Stripe.Tests.Purchases;

/// <summary>
/// Issue 13, payments: a Stripe grant is unique by its payment reference for good, not only while
/// its idempotency key is kept. A crash after the ledger granted a purchase but before the payment
/// and the event were recorded leaves the event to be delivered again; if that happens after the
/// key's retention, it must still grant nothing a second time.
/// </summary>
public sealed class PaymentReferenceTests(DatabaseProvider provider) : StripeFixture(provider)
{
    // What a crash between the ledger's grant and the payment's record of it leaves: the payment
    // paid but not marked granted, and the event not recorded (events are recorded after they apply).
    private async Task CrashBeforeTheGrantWasRecorded(Payment payment, string eventId)
    {
        await TestSql.ExecuteAsync(Server.Database, "UPDATE payments SET purchase_lot_id = NULL, bonus_lot_id = NULL WHERE payment_id = @payment",
            ("payment", payment.PaymentIntentId));
        await TestSql.ExecuteAsync(Server.Database, "DELETE FROM stripe_events WHERE event_id = @event", ("event", eventId));
    }

    private async Task ForgetExpiredKeys()
    {
        Time.Advance(Server.App.Services.GetRequiredService<LedgerOptions>().IdempotencyKeyRetention + TimeSpan.FromMinutes(1));
        await Server.App.Services.GetRequiredService<ExpirySweeper>().SweepOnceAsync();
    }

    [Test]
    public async Task A_purchase_delivered_again_after_its_idempotency_key_expired_grants_nothing_a_second_time()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Sell(account, payment, TestPacks.Pro);
        var eventId = StripeObjects.NewId("evt_");
        var session = StripeObjects.CheckoutSession(payment, account, TestPacks.Pro, TestPacks.ProAmount);
        Assert.That(await Deliver("checkout.session.completed", session, eventId), Is.EqualTo("applied"));
        await CrashBeforeTheGrantWasRecorded(payment, eventId);

        await ForgetExpiredKeys();
        var keysLeft = await TestSql.QueryAsync(Server.Database,
            "SELECT idempotency_key FROM idempotency_keys WHERE account_id = @account", reader => reader.GetString(0), ("account", account));
        Assert.That(keysLeft, Is.Empty, "the purchase's keys are gone");
        var again = await Deliver("checkout.session.completed", session, eventId);

        Assert.That(again, Is.EqualTo("unchanged"));
        var balance = await Balance(account);
        Assert.That(balance.Available, Is.EqualTo(TestPacks.ProCredits + TestPacks.ProBonus), "one purchase lot and one bonus lot");
        Assert.That((await History(account)).Count(entry => entry.Kind == EntryKind.Grant), Is.EqualTo(2));
        Assert.That(await Outbox(account), Has.Count.EqualTo(1), "one receipt");
        var lots = await TestSql.QueryAsync(Server.Database, "SELECT purchase_lot_id FROM payments WHERE payment_id = @payment",
            reader => reader.IsDBNull(0) ? null : reader.GetString(0), ("payment", payment.PaymentIntentId));
        Assert.That(lots.Single(), Is.Not.Null, "the payment records the lot granted the first time");
    }
}

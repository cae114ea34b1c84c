using Credits.Ledger.Data;
using Credits.Stripe.Tests.Support;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;

namespace Credits.Stripe.Tests.Purchases;

/// <summary>checkout.session.* events: a paid checkout grants its pack once, with a receipt.</summary>
public sealed class PurchaseTests(DatabaseProvider provider) : StripeFixture(provider)
{
    [Test]
    public async Task A_paid_checkout_grants_the_pack_as_a_purchased_lot_referencing_the_session()
    {
        var account = NewAccount();
        var payment = Payment.New();

        var outcome = await Paid(account, payment);

        Assert.That(outcome, Is.EqualTo("applied"));
        var balance = await Balance(account);
        Assert.That(balance.Available, Is.EqualTo(TestPacks.StarterCredits));
        Assert.That(Buckets(balance), Is.EqualTo(new Dictionary<Bucket, long> { [Bucket.Purchased] = TestPacks.StarterCredits }));
        Assert.That(balance.NextExpiry, Is.Null, "the starter pack never expires");
        var grant = (await History(account)).Single();
        Assert.That((grant.Kind, grant.Amount, grant.Actor), Is.EqualTo((EntryKind.Grant, TestPacks.StarterCredits, "stripe")));
        Assert.That(grant.IdempotencyKey, Is.EqualTo($"stripe:purchase:{payment.SessionId}"));
    }

    [Test]
    public async Task A_purchase_for_an_account_that_does_not_exist_yet_creates_it()
    {
        var account = NewAccount();
        Assert.That((await History(account)), Is.Empty, "no such account yet");

        await Paid(account, Payment.New());

        Assert.That((await Balance(account)).Available, Is.EqualTo(TestPacks.StarterCredits));
    }

    [Test]
    public async Task A_pack_with_bonus_and_validity_grants_a_promo_lot_beside_the_purchase_both_expiring_after_the_validity()
    {
        var account = NewAccount();

        await Paid(account, Payment.New(), TestPacks.Pro, TestPacks.ProAmount);

        var balance = await Balance(account);
        Assert.That(Buckets(balance), Is.EqualTo(new Dictionary<Bucket, long>
        {
            [Bucket.Purchased] = TestPacks.ProCredits,
            [Bucket.Promo] = TestPacks.ProBonus,
        }));
        Assert.That(balance.NextExpiry.ExpiresAt, Is.EqualTo(Timestamp.FromDateTimeOffset(Now.AddMonths(TestPacks.ProValidityMonths))));
        Assert.That(balance.NextExpiry.Amount, Is.EqualTo(TestPacks.ProCredits + TestPacks.ProBonus));
    }

    [Test]
    public async Task A_purchase_writes_one_receipt_message_with_the_customer_and_the_pack()
    {
        var account = NewAccount();
        var payment = Payment.New();

        await Paid(account, payment, TestPacks.Pro, TestPacks.ProAmount);

        var (topic, payload) = (await Outbox(account)).Single();
        Assert.That(topic, Is.EqualTo("receipt.purchase"));
        Assert.That(payload.ToJsonString(), Is.EqualTo(new System.Text.Json.Nodes.JsonObject
        {
            ["email"] = "buyer@example.com",
            ["accountId"] = account,
            ["packId"] = TestPacks.Pro,
            ["packName"] = TestPacks.ProName,
            ["credits"] = TestPacks.ProCredits,
            ["bonusCredits"] = TestPacks.ProBonus,
            ["sessionId"] = payment.SessionId,
            ["amountTotal"] = TestPacks.ProAmount,
            ["currency"] = "usd",
            // Every lot the purchase granted (docs/bundles.md), each with its expiry.
            ["lots"] = new System.Text.Json.Nodes.JsonArray(
                Lot("purchased", TestPacks.ProCredits, Now.AddMonths(TestPacks.ProValidityMonths)),
                Lot("promo", TestPacks.ProBonus, Now.AddMonths(TestPacks.ProValidityMonths))),
        }.ToJsonString()));
    }

    private static System.Text.Json.Nodes.JsonObject Lot(string bucket, long credits, DateTimeOffset expiresAt) => new()
    {
        ["bucket"] = bucket,
        ["credits"] = credits,
        ["expiresAt"] = expiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["features"] = new System.Text.Json.Nodes.JsonArray(),
    };

    [Test]
    public async Task The_same_checkout_told_by_two_different_events_grants_once()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Sell(account, payment);
        var session = StripeObjects.CheckoutSession(payment, account, TestPacks.Starter, TestPacks.StarterAmount);

        await Deliver("checkout.session.completed", session);
        var second = await Deliver("checkout.session.async_payment_succeeded", session);

        Assert.That(second, Is.EqualTo("unchanged"));
        Assert.That((await Balance(account)).Available, Is.EqualTo(TestPacks.StarterCredits));
        Assert.That(await Outbox(account), Has.Count.EqualTo(1), "one receipt");
    }

    [Test]
    public async Task An_unpaid_checkout_grants_nothing_until_its_delayed_payment_succeeds()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Sell(account, payment);

        var completed = await Deliver("checkout.session.completed",
            StripeObjects.CheckoutSession(payment, account, TestPacks.Starter, TestPacks.StarterAmount, paymentStatus: "unpaid"));

        Assert.That(completed, Is.EqualTo("pending"));
        Assert.That((await Balance(account)).Available, Is.Zero);

        var succeeded = await Deliver("checkout.session.async_payment_succeeded",
            StripeObjects.CheckoutSession(payment, account, TestPacks.Starter, TestPacks.StarterAmount, paymentStatus: "paid"));

        Assert.That(succeeded, Is.EqualTo("applied"));
        Assert.That((await Balance(account)).Available, Is.EqualTo(TestPacks.StarterCredits));
    }

    [Test]
    public async Task A_failed_delayed_payment_grants_nothing_and_leaves_a_note_for_support()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Sell(account, payment);
        await Deliver("checkout.session.completed",
            StripeObjects.CheckoutSession(payment, account, TestPacks.Starter, TestPacks.StarterAmount, paymentStatus: "unpaid"));

        var failed = await Deliver("checkout.session.async_payment_failed",
            StripeObjects.CheckoutSession(payment, account, TestPacks.Starter, TestPacks.StarterAmount, paymentStatus: "unpaid"));

        Assert.That(failed, Is.EqualTo("applied"));
        Assert.That((await Balance(account)).Available, Is.Zero);
        var note = (await History(account)).Single();
        Assert.That((note.Kind, note.Amount), Is.EqualTo((EntryKind.Note, 0L)));
        Assert.That(note.Metadata["reason"], Is.EqualTo("async_payment_failed"));
        Assert.That(note.Metadata["paymentId"], Is.EqualTo(payment.PaymentIntentId));
        Assert.That(await Outbox(account), Is.Empty, "no receipt");
    }

    [Test]
    public async Task A_late_unpaid_report_after_the_payment_succeeded_changes_nothing()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Paid(account, payment);

        var late = await Deliver("checkout.session.completed",
            StripeObjects.CheckoutSession(payment, account, TestPacks.Starter, TestPacks.StarterAmount, paymentStatus: "unpaid"));

        Assert.That(late, Is.EqualTo("unchanged"));
        Assert.That((await Balance(account)).Available, Is.EqualTo(TestPacks.StarterCredits));
    }

    [Test]
    public async Task A_subscription_checkout_is_acknowledged_and_ignored()
    {
        var account = NewAccount();
        var session = StripeObjects.CheckoutSession(Payment.New(), account, TestPacks.Starter, TestPacks.StarterAmount);
        session["mode"] = "subscription";

        var outcome = await Deliver("checkout.session.completed", session);

        Assert.That(outcome, Is.EqualTo("ignored"));
        Assert.That(await History(account), Is.Empty);
    }
}

using Credits.Ledger.Data;
using Credits.Stripe.Tests.Support;
using Credits.V1;

namespace Credits.Stripe.Tests.Ordering;

/// <summary>
/// Stripe does not deliver events in order. Each scenario is played twice, on two accounts: once
/// in the order things happened, once shuffled; the balances must end the same.
/// </summary>
public sealed class OutOfOrderTests(DatabaseProvider provider) : StripeFixture(provider)
{
    /// <summary>Plays <paramref name="events"/> (each building its event from the account and payment) in the given order.</summary>
    private async Task<Balance> Play(IEnumerable<Func<string, Payment, Task>> events)
    {
        var account = NewAccount();
        var payment = Payment.New();
        foreach (var deliver in events)
        {
            await deliver(account, payment);
        }
        return await Balance(account);
    }

    private static void AssertSameBalance(Balance inOrder, Balance shuffled)
    {
        Assert.That((shuffled.Available, shuffled.Held, shuffled.Frozen, shuffled.Owed),
            Is.EqualTo((inOrder.Available, inOrder.Held, inOrder.Frozen, inOrder.Owed)));
        Assert.That(shuffled.Buckets.Select(bucket => (bucket.Bucket, bucket.Available)),
            Is.EquivalentTo(inOrder.Buckets.Select(bucket => (bucket.Bucket, bucket.Available))));
    }

    [Test]
    public async Task A_refund_that_arrives_before_the_checkout_is_applied_right_after_the_grant()
    {
        Func<string, Payment, Task> checkout = (account, payment) => Paid(account, payment, TestPacks.Pro, TestPacks.ProAmount);
        Func<string, Payment, Task> refund = (_, payment) => Refunded(payment, "re_" + payment.PaymentIntentId, 1800);

        var inOrder = await Play([checkout, refund]);
        var shuffled = await Play([refund, checkout]);

        Assert.That(inOrder.Available, Is.EqualTo(TestPacks.ProCredits + TestPacks.ProBonus - 200 - 20));
        AssertSameBalance(inOrder, shuffled);
    }

    [Test]
    public async Task A_refund_that_arrives_before_the_checkout_answers_pending()
    {
        var account = NewAccount();
        var payment = Payment.New();

        var refund = await Refunded(payment, StripeObjects.NewId("re_"), 500);
        var checkout = await Paid(account, payment);

        Assert.That((refund, checkout), Is.EqualTo(("pending", "applied")));
        Assert.That((await Balance(account)).Available, Is.EqualTo(50));
    }

    [Test]
    public async Task A_refund_failure_that_arrives_before_the_refund_itself_takes_nothing()
    {
        Func<string, Payment, Task> checkout = (account, payment) => Paid(account, payment);
        Func<string, Payment, Task> created = (_, payment) => Refunded(payment, "re_" + payment.PaymentIntentId, 400, "pending");
        Func<string, Payment, Task> failed = (_, payment) => Refunded(payment, "re_" + payment.PaymentIntentId, 400, "failed", "refund.failed");

        var inOrder = await Play([checkout, created, failed]);
        var shuffled = await Play([failed, checkout, created]);

        Assert.That(inOrder.Available, Is.EqualTo(TestPacks.StarterCredits));
        AssertSameBalance(inOrder, shuffled);
    }

    [Test]
    public async Task A_dispute_closed_as_lost_before_it_was_reported_opened_stays_lost()
    {
        Func<string, Payment, Task> checkout = (account, payment) => Paid(account, payment);
        Func<string, Payment, Task> opened = (_, payment) =>
            Disputed(payment, "dp_" + payment.PaymentIntentId, TestPacks.StarterAmount, "needs_response", "charge.dispute.created");
        Func<string, Payment, Task> lost = (_, payment) =>
            Disputed(payment, "dp_" + payment.PaymentIntentId, TestPacks.StarterAmount, "lost", "charge.dispute.closed");

        var inOrder = await Play([checkout, opened, lost]);
        var closedFirst = await Play([checkout, lost, opened]);
        var beforeTheCheckout = await Play([lost, opened, checkout]);

        Assert.That((inOrder.Available, inOrder.Frozen), Is.EqualTo((0L, 0L)));
        AssertSameBalance(inOrder, closedFirst);
        AssertSameBalance(inOrder, beforeTheCheckout);
    }

    [Test]
    public async Task A_dispute_closed_as_won_before_it_was_reported_opened_leaves_nothing_frozen()
    {
        Func<string, Payment, Task> checkout = (account, payment) => Paid(account, payment);
        Func<string, Payment, Task> opened = (_, payment) =>
            Disputed(payment, "dp_" + payment.PaymentIntentId, TestPacks.StarterAmount, "needs_response", "charge.dispute.created");
        Func<string, Payment, Task> won = (_, payment) =>
            Disputed(payment, "dp_" + payment.PaymentIntentId, TestPacks.StarterAmount, "won", "charge.dispute.closed");

        var inOrder = await Play([checkout, opened, won]);
        var shuffled = await Play([checkout, won, opened]);

        Assert.That((inOrder.Available, inOrder.Frozen), Is.EqualTo((TestPacks.StarterCredits, 0L)));
        AssertSameBalance(inOrder, shuffled);
    }

    [Test]
    public async Task Refunds_and_a_lost_dispute_in_any_order_take_back_the_same_credits()
    {
        Func<string, Payment, Task> checkout = (account, payment) => Paid(account, payment, amountTotal: 999);
        Func<string, Payment, Task> first = (_, payment) => Refunded(payment, "re_a" + payment.PaymentIntentId, 333);
        Func<string, Payment, Task> second = (_, payment) => Refunded(payment, "re_b" + payment.PaymentIntentId, 333);
        Func<string, Payment, Task> lost = (_, payment) =>
            Disputed(payment, "dp_" + payment.PaymentIntentId, 333, "lost", "charge.dispute.closed");

        var inOrder = await Play([checkout, first, second, lost]);
        var shuffled = await Play([lost, second, checkout, first]);

        Assert.That(inOrder.Available, Is.Zero);
        AssertSameBalance(inOrder, shuffled);
    }
}

using Credits.Ledger.Data;
using Credits.Stripe.Tests.Support;
using Credits.V1;

namespace Credits.Stripe.Tests.Refunds;

/// <summary>
/// A refund takes back the credits in proportion to the money refunded (rounded down over the
/// payment's refunds together), from the purchase's lot first; what was spent is owed.
/// </summary>
public sealed class RefundTests(DatabaseProvider provider) : StripeFixture(provider)
{
    private static readonly long[] ThirdsOf999 = [333, 333, 333];

    [Test]
    public async Task A_partial_then_the_remaining_refund_take_back_their_shares_and_then_everything()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Paid(account, payment);

        await Refunded(payment, StripeObjects.NewId("re_"), 300);
        Assert.That((await Balance(account)).Available, Is.EqualTo(70));

        await Refunded(payment, StripeObjects.NewId("re_"), 700);
        var balance = await Balance(account);
        Assert.That((balance.Available, balance.Owed), Is.EqualTo((0L, 0L)));
        var clawbacks = (await History(account)).Where(entry => entry.Kind == EntryKind.Clawback).Select(entry => entry.Amount);
        Assert.That(clawbacks, Is.EqualTo(new[] { -30L, -70L }));
    }

    [Test]
    public async Task Refunds_in_parts_that_do_not_divide_evenly_still_take_back_everything_in_the_end()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Paid(account, payment, amountTotal: 999);

        foreach (var part in ThirdsOf999)
        {
            await Refunded(payment, StripeObjects.NewId("re_"), part);
        }

        var clawbacks = (await History(account)).Where(entry => entry.Kind == EntryKind.Clawback).Select(entry => -entry.Amount).ToList();
        Assert.That(clawbacks, Is.EqualTo(new List<long> { 33, 33, 34 }), "each rounded down on the running total");
        Assert.That((await Balance(account)).Available, Is.Zero);
    }

    [Test]
    public async Task A_refund_takes_its_share_of_the_bonus_from_the_bonus_lot()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Paid(account, payment, TestPacks.Pro, TestPacks.ProAmount);

        await Refunded(payment, StripeObjects.NewId("re_"), TestPacks.ProAmount / 2);

        Assert.That(Buckets(await Balance(account)), Is.EqualTo(new Dictionary<Bucket, long>
        {
            [Bucket.Purchased] = TestPacks.ProCredits / 2,
            [Bucket.Promo] = TestPacks.ProBonus / 2,
        }));
    }

    [Test]
    public async Task A_refund_of_credits_already_spent_leaves_them_owed_and_the_next_purchase_repays_the_debt()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Paid(account, payment);
        await Spend(account, 90);

        await Refunded(payment, StripeObjects.NewId("re_"), TestPacks.StarterAmount);

        var afterRefund = await Balance(account);
        Assert.That((afterRefund.Available, afterRefund.Owed), Is.EqualTo((0L, 90L)));

        await Paid(account, Payment.New());

        var afterNextPurchase = await Balance(account);
        Assert.That((afterNextPurchase.Available, afterNextPurchase.Owed), Is.EqualTo((TestPacks.StarterCredits - 90, 0L)));
    }

    [Test]
    public async Task A_refund_told_by_refund_events_and_by_the_charges_refund_list_counts_once()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Paid(account, payment);
        var first = StripeObjects.Refund(payment, StripeObjects.NewId("re_"), 200, "succeeded", Now);
        var second = StripeObjects.Refund(payment, StripeObjects.NewId("re_"), 300, "succeeded", Now);

        await Deliver("refund.created", first);
        await Deliver("charge.refunded", StripeObjects.RefundedCharge(payment, TestPacks.StarterAmount, first));
        await Deliver("charge.refunded", StripeObjects.RefundedCharge(payment, TestPacks.StarterAmount, first, second));
        await Deliver("refund.created", second);

        Assert.That((await Balance(account)).Available, Is.EqualTo(TestPacks.StarterCredits - 20 - 30));
    }

    [Test]
    public async Task A_failed_refund_gives_back_the_credits_it_took()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Paid(account, payment);
        var refundId = StripeObjects.NewId("re_");
        await Refunded(payment, refundId, 400, "pending");
        Assert.That((await Balance(account)).Available, Is.EqualTo(60), "a pending refund takes its credits at once");

        var outcome = await Refunded(payment, refundId, 400, "failed", type: "refund.failed");

        Assert.That(outcome, Is.EqualTo("applied"));
        Assert.That((await Balance(account)).Available, Is.EqualTo(TestPacks.StarterCredits));
        Assert.That((await History(account)).Last().Kind, Is.EqualTo(EntryKind.ClawbackReverse));
    }

    [Test]
    public async Task A_refund_updated_to_canceled_gives_back_the_credits_and_a_late_succeeded_report_does_not_take_them_again()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Paid(account, payment);
        var refundId = StripeObjects.NewId("re_");
        await Refunded(payment, refundId, 500, "requires_action");

        await Refunded(payment, refundId, 500, "canceled", type: "refund.updated");
        var late = await Refunded(payment, refundId, 500, "succeeded", type: "refund.updated");

        Assert.That(late, Is.EqualTo("unchanged"));
        Assert.That((await Balance(account)).Available, Is.EqualTo(TestPacks.StarterCredits));
    }

    [Test]
    public async Task A_failed_refund_does_not_shift_the_shares_of_the_refunds_that_stand()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Paid(account, payment);
        var failing = StripeObjects.NewId("re_");
        await Refunded(payment, failing, 250);
        await Refunded(payment, failing, 250, "failed", type: "refund.failed");

        await Refunded(payment, StripeObjects.NewId("re_"), 1000);

        var balance = await Balance(account);
        Assert.That((balance.Available, balance.Owed), Is.EqualTo((0L, 0L)));
    }
}

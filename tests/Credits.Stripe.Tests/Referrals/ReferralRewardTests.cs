using Credits.Ledger;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Stripe.Tests.Subscriptions;
using Credits.Stripe.Tests.Support;
using Credits.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Credits.Stripe.Tests.Referrals;

/// <summary>
/// Referral rewards (issue 18) are paid once, at the referee's first successful payment, through
/// the real webhook endpoint with events signed as Stripe signs them, whatever their duplication or order.
/// </summary>
public sealed class ReferralRewardTests(DatabaseProvider provider) : SubscriptionEventFixture(provider)
{
    private static readonly long Reward = new Ledger.Referrals.ReferralOptions().ReferrerCredits;

    private async Task<(string Referrer, string Referee)> Referred()
    {
        var (referrer, referee) = (NewAccount(), NewAccount());
        var ledger = Server.App.Services.GetRequiredService<CreditLedger>();
        await ledger.ApplyReferralAsync(new ApplyReferralCommand("shop", referee, await ledger.GetReferralCodeAsync(referrer), "signup"));
        return (referrer, referee);
    }

    private async Task<(long Referrer, long Referee)> ReferralCredits(string referrer, string referee) =>
        (Buckets(await Balance(referrer)).GetValueOrDefault(Bucket.Referral), Buckets(await Balance(referee)).GetValueOrDefault(Bucket.Referral));

    [Test]
    public async Task A_checkout_told_again_by_a_duplicate_event_and_by_another_event_type_rewards_both_sides_once()
    {
        var (referrer, referee) = await Referred();
        var payment = Payment.New();
        await Sell(referee, payment);
        var session = StripeObjects.CheckoutSession(payment, referee, TestPacks.Starter, TestPacks.StarterAmount);

        var first = await Deliver("checkout.session.completed", session, eventId: "evt_ref_dup_" + payment.SessionId);
        await Deliver("checkout.session.completed", session, eventId: "evt_ref_dup_" + payment.SessionId);
        await Deliver("checkout.session.async_payment_succeeded", session);
        await Paid(referee, Payment.New());

        Assert.That(first, Is.EqualTo("applied"));
        Assert.That(await ReferralCredits(referrer, referee), Is.EqualTo((Reward, Reward)));
        Assert.That((await History(referrer)).Single().Reference, Is.EqualTo(referee), "the referrer's lot names the referee");
    }

    [Test]
    public async Task Two_checkouts_whose_events_arrive_out_of_order_reward_once_at_whichever_is_recorded_first()
    {
        var (referrer, referee) = await Referred();
        var (early, late) = (Payment.New(), Payment.New());
        await Sell(referee, early);
        await Sell(referee, late);

        // The delayed payment's success arrives before its completion (unpaid), and the later checkout's before both.
        await Deliver("checkout.session.completed", StripeObjects.CheckoutSession(late, referee, TestPacks.Starter, TestPacks.StarterAmount));
        await Deliver("checkout.session.async_payment_succeeded",
            StripeObjects.CheckoutSession(early, referee, TestPacks.Starter, TestPacks.StarterAmount, paymentStatus: "paid"));
        var stale = await Deliver("checkout.session.completed",
            StripeObjects.CheckoutSession(early, referee, TestPacks.Starter, TestPacks.StarterAmount, paymentStatus: "unpaid"));

        Assert.That(stale, Is.EqualTo("unchanged"));
        Assert.That(await ReferralCredits(referrer, referee), Is.EqualTo((Reward, Reward)));
        Assert.That(Buckets(await Balance(referee))[Bucket.Purchased], Is.EqualTo(2 * TestPacks.StarterCredits));
    }

    [Test]
    public async Task A_first_paid_subscription_invoice_rewards_once_and_the_next_invoices_do_not()
    {
        var (referrer, referee) = await Referred();
        var subscriptionId = StripeObjects.NewId("sub_");
        var invoiceId = StripeObjects.NewId("in_");
        var first = Month(NextSecond());

        await InvoicePaid(invoiceId, subscriptionId, referee, TestTiers.BasicPrice, first, "subscription_create");
        await InvoicePaid(invoiceId, subscriptionId, referee, TestTiers.BasicPrice, first, "subscription_create");
        await InvoicePaid(StripeObjects.NewId("in_"), subscriptionId, referee, TestTiers.BasicPrice, Month(first.End));

        Assert.That(await ReferralCredits(referrer, referee), Is.EqualTo((Reward, Reward)));
    }
}

using Credits.Ledger.Payments;

namespace Credits.Ledger.Tests.Payments;

/// <summary>
/// The payment aggregate on its own: reports fold in whatever order they come, and each ledger step
/// (grant, claw-back, freeze, release) is allowed only when its preconditions hold.
/// </summary>
public sealed class PaymentAggregateTests
{
    private const string PaymentId = "pi_aggregate";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CreditPack Pack = new("pack-100", "100 credits", 100, 10, ValidityMonths: 12);

    private static CheckoutNotice Checkout(CheckoutStatus status, CreditPack? pack = null, string? email = "buyer@example.com") =>
        new(PaymentId, "cs_aggregate", "user:buyer", "pack-100", pack, status, AmountTotal: 1000, "eur", email);

    private static RefundNotice Refund(string refundId, long amount, RefundStatus status = RefundStatus.Succeeded, int minute = 0) =>
        new(PaymentId, refundId, amount, status, Now.AddMinutes(minute));

    private static DisputeNotice Dispute(string disputeId, long amount, DisputeStatus status) => new(PaymentId, disputeId, amount, status, Now);

    private static Payment Unseen() => new(PaymentId, [], []);

    private static Payment Paid(CreditPack? pack = null)
    {
        var payment = Unseen();
        payment.RecordCheckout(Checkout(CheckoutStatus.Paid, pack ?? Pack), Now);
        return payment;
    }

    // Paid and granted, with a bonus lot when the pack has bonus credits.
    private static Payment Granted(CreditPack? pack = null)
    {
        var payment = Paid(pack);
        payment.FixExpiry(Now);
        payment.MarkGranted("lot_purchase", payment.BonusCredits > 0 ? "lot_bonus" : null);
        return payment;
    }

    [Test]
    public void Refund_of_an_unpaid_payment_is_refused()
    {
        var payment = Unseen();
        payment.RecordCheckout(Checkout(CheckoutStatus.Unpaid, Pack), Now);
        payment.RecordRefund(Refund("re_1", 500));

        Assert.Throws<InvalidOperationException>(() => payment.StartRefundClawback(payment.Refunds[0]));
        Assert.That(payment.Refunds[0].State, Is.EqualTo(RefundState.Waiting), "nothing fixed");
    }

    [Test]
    public void Refund_of_a_paid_purchase_not_granted_yet_is_refused()
    {
        var payment = Paid();
        payment.RecordRefund(Refund("re_1", 500));

        Assert.Throws<InvalidOperationException>(() => payment.StartRefundClawback(payment.Refunds[0]));
    }

    [Test]
    public void Freezing_for_a_dispute_of_a_purchase_not_granted_is_refused()
    {
        var payment = Paid();
        payment.RecordDispute(Dispute("dp_1", 1000, DisputeStatus.Open));

        Assert.Throws<InvalidOperationException>(() => payment.MarkDisputeFrozen(payment.Disputes[0]));
    }

    [Test]
    public void A_payment_known_only_by_its_refunds_waits_for_its_checkout()
    {
        var payment = Unseen();
        payment.RecordRefund(Refund("re_1", 500));

        Assert.That((payment.IsCheckoutKnown, payment.IsGrantable, payment.HasChanges), Is.EqualTo((false, false, false)));
        Assert.That(payment.Refunds[0].HasChanges, Is.True, "the refund is kept until the checkout arrives");
    }

    [Test]
    public void A_late_unpaid_report_never_takes_a_paid_payment_back()
    {
        var payment = Paid();

        payment.RecordCheckout(Checkout(CheckoutStatus.Unpaid, Pack), Now.AddMinutes(1));
        payment.RecordCheckout(Checkout(CheckoutStatus.Failed, Pack), Now.AddMinutes(2));

        Assert.That(payment.Status, Is.EqualTo(CheckoutStatus.Paid));
    }

    [Test]
    public void A_pack_the_catalogue_did_not_know_is_taken_from_a_later_report_and_then_stands()
    {
        var payment = Unseen();
        payment.RecordCheckout(Checkout(CheckoutStatus.Paid, pack: null), Now);
        Assert.That((payment.IsGrantable, payment.NoteDue), Is.EqualTo((false, Payment.UnknownPackNote)));

        payment.RecordCheckout(Checkout(CheckoutStatus.Paid, Pack), Now.AddMinutes(1));
        payment.RecordCheckout(Checkout(CheckoutStatus.Paid, Pack with { Credits = 999 }), Now.AddMinutes(2));

        Assert.That((payment.IsGrantable, payment.Credits, payment.BonusCredits), Is.EqualTo((true, 100L, 10L)));
    }

    [Test]
    public void A_note_is_due_once_and_only_the_note_due_is_accepted()
    {
        var payment = Unseen();
        payment.RecordCheckout(Checkout(CheckoutStatus.Failed, Pack), Now);

        Assert.Throws<InvalidOperationException>(() => payment.MarkNoted(Payment.UnknownPackNote));
        payment.MarkNoted(Payment.AsyncPaymentFailedNote);

        Assert.That(payment.NoteDue, Is.Null);
    }

    [Test]
    public void A_purchase_is_granted_once_with_a_bonus_lot_exactly_when_the_pack_has_bonus_credits()
    {
        var payment = Paid();
        payment.FixExpiry(Now);

        Assert.Throws<InvalidOperationException>(() => payment.MarkGranted("lot_purchase", null), "the pack has bonus credits");
        payment.MarkGranted("lot_purchase", "lot_bonus");
        Assert.Throws<InvalidOperationException>(() => payment.MarkGranted("lot_again", "lot_bonus_again"));
        Assert.Throws<InvalidOperationException>(() => payment.FixExpiry(Now), "the expiry is fixed before the grant");

        Assert.That((payment.PurchaseLotId, payment.BonusLotId, payment.ExpiresAt), Is.EqualTo(("lot_purchase", "lot_bonus", Now.AddMonths(12))));
    }

    [Test]
    public void Refunds_in_parts_take_back_exactly_what_one_refund_of_the_total_would()
    {
        var payment = Granted(Pack with { Credits = 100, BonusCredits = 0 });
        payment.RecordRefund(Refund("re_1", 333, minute: 1));
        payment.RecordRefund(Refund("re_2", 333, minute: 2));
        payment.RecordRefund(Refund("re_3", 334, minute: 3));

        foreach (var refund in payment.Refunds)
        {
            payment.StartRefundClawback(refund);
        }

        Assert.That(payment.Refunds.Select(refund => refund.ClawCredits), Is.EqualTo(new long[] { 33, 33, 34 }));
        Assert.That(payment.Refunds.Sum(refund => refund.ClawCredits), Is.EqualTo(100), "all the money back, all the credits back");
    }

    [Test]
    public void A_claw_back_is_fixed_once()
    {
        var payment = Granted();
        payment.RecordRefund(Refund("re_1", 500));
        var refund = payment.Refunds[0];

        payment.StartRefundClawback(refund);

        Assert.Throws<InvalidOperationException>(() => payment.StartRefundClawback(refund));
        Assert.That((refund.State, refund.ClawCredits, refund.ClawBonus), Is.EqualTo((RefundState.Clawing, 50L, 5L)));
    }

    [Test]
    public void A_failed_refund_takes_nothing_and_only_credits_taken_are_given_back()
    {
        var payment = Granted();
        payment.RecordRefund(Refund("re_early", 500, RefundStatus.Failed));
        payment.RecordRefund(Refund("re_late", 500));
        var early = payment.Refunds[0];
        var late = payment.Refunds[1];

        Assert.Throws<InvalidOperationException>(() => payment.StartRefundClawback(early));
        Assert.Throws<InvalidOperationException>(() => early.MarkReversed(), "nothing was taken for it");
        early.Void();
        payment.StartRefundClawback(late);
        late.MarkClawed();
        payment.RecordRefund(Refund("re_late", 500, RefundStatus.Failed));
        late.MarkReversed();

        Assert.That((early.State, late.State), Is.EqualTo((RefundState.Void, RefundState.Reversed)));
    }

    [Test]
    public void A_refund_status_only_moves_up()
    {
        var payment = Unseen();
        payment.RecordRefund(Refund("re_1", 500, RefundStatus.Failed));

        payment.RecordRefund(Refund("re_1", 500, RefundStatus.Pending));

        Assert.That(payment.Refunds.Single().Status, Is.EqualTo(RefundStatus.Failed));
    }

    [Test]
    public void A_dispute_verdict_once_known_stands()
    {
        var payment = Granted();
        payment.RecordDispute(Dispute("dp_1", 1000, DisputeStatus.Won));

        payment.RecordDispute(Dispute("dp_1", 1000, DisputeStatus.Lost));
        payment.RecordDispute(Dispute("dp_1", 1000, DisputeStatus.Open));

        Assert.That(payment.Disputes.Single().Status, Is.EqualTo(DisputeStatus.Won));
    }

    [Test]
    public void Only_a_won_dispute_is_released_and_only_a_lost_one_takes_credits()
    {
        var payment = Granted();
        payment.RecordDispute(Dispute("dp_open", 1000, DisputeStatus.Open));
        var dispute = payment.Disputes[0];
        payment.MarkDisputeFrozen(dispute);

        Assert.Throws<InvalidOperationException>(() => dispute.Release());
        Assert.Throws<InvalidOperationException>(() => payment.StartDisputeClawback(dispute));
        Assert.Throws<InvalidOperationException>(() => payment.MarkDisputeFrozen(dispute), "a dispute freezes once");

        payment.RecordDispute(Dispute("dp_open", 1000, DisputeStatus.Lost));
        payment.StartDisputeClawback(dispute);
        dispute.MarkClawed();

        Assert.That((dispute.State, dispute.ClawCredits, dispute.ClawBonus), Is.EqualTo((DisputeState.Clawed, 100L, 10L)));
    }

    [Test]
    public void A_lost_dispute_on_a_partly_refunded_payment_takes_only_what_is_left()
    {
        var payment = Granted();
        payment.RecordRefund(Refund("re_1", 400));
        payment.StartRefundClawback(payment.Refunds[0]);
        payment.RecordDispute(Dispute("dp_1", 1000, DisputeStatus.Lost));

        payment.StartDisputeClawback(payment.Disputes[0]);

        Assert.That((payment.Disputes[0].ClawCredits, payment.Disputes[0].ClawBonus), Is.EqualTo((60L, 6L)), "never more than everything");
    }

    [Test]
    public void A_report_of_another_payment_is_refused()
    {
        var payment = Unseen();

        Assert.Throws<ArgumentException>(() => payment.RecordRefund(Refund("re_1", 500) with { PaymentId = "pi_other" }));
        Assert.Throws<ArgumentException>(() => payment.RecordCheckout(Checkout(CheckoutStatus.Paid, Pack) with { PaymentId = "pi_other" }, Now));
    }

    [Test]
    public void A_refund_of_another_payment_cannot_be_clawed_back_through_this_one()
    {
        var payment = Granted();
        var other = Granted();
        other.RecordRefund(Refund("re_1", 500));

        Assert.Throws<InvalidOperationException>(() => payment.StartRefundClawback(other.Refunds[0]));
    }

    [Test]
    public void Only_what_changed_is_marked_for_saving()
    {
        var payment = Granted();
        payment.RecordRefund(Refund("re_1", 500));
        payment.MarkSaved();
        payment.Refunds[0].MarkSaved();

        payment.RecordCheckout(Checkout(CheckoutStatus.Paid, Pack), Now.AddMinutes(5));
        payment.RecordRefund(Refund("re_1", 500));
        Assert.That((payment.HasChanges, payment.Refunds[0].HasChanges), Is.EqualTo((false, false)), "a repeated report changes nothing");

        payment.RecordRefund(Refund("re_1", 500, RefundStatus.Canceled));
        Assert.That((payment.HasChanges, payment.Refunds[0].HasChanges, payment.Refunds[0].IsStored), Is.EqualTo((false, true, true)));
    }
}

using Credits.Ledger.Payments;
using global::Stripe;
using global::Stripe.Checkout;

namespace Credits.Server.Stripe;

/// <summary>
/// Stripe objects to the ledger's payment reports. Every object names its payment intent, which is
/// what ties a checkout to the refunds and disputes that come after it.
/// </summary>
internal static class StripeNotices
{
    public const string CheckoutCompleted = "checkout.session.completed";
    public const string CheckoutAsyncSucceeded = "checkout.session.async_payment_succeeded";
    public const string CheckoutAsyncFailed = "checkout.session.async_payment_failed";
    public const string RefundFailed = "refund.failed";

    public static CheckoutNotice Checkout(Session session, string eventType)
    {
        var packId = session.Metadata?.GetValueOrDefault("pack_id") ?? "";
        var status = eventType switch
        {
            CheckoutAsyncFailed => CheckoutStatus.Failed,
            CheckoutAsyncSucceeded => CheckoutStatus.Paid,
            // A 100% discount needs no payment: the pack was still bought.
            _ => session.PaymentStatus is "paid" or "no_payment_required" ? CheckoutStatus.Paid : CheckoutStatus.Unpaid,
        };
        return new CheckoutNotice(
            // A session without a payment intent (nothing to pay) is its own payment: no refund or
            // dispute can follow it.
            PaymentId: string.IsNullOrEmpty(session.PaymentIntentId) ? session.Id : session.PaymentIntentId,
            SessionId: session.Id,
            AccountId: string.IsNullOrEmpty(session.ClientReferenceId) ? session.Metadata?.GetValueOrDefault("account_id") ?? "" : session.ClientReferenceId,
            PackId: packId,
            // The pack as it was sold is the ledger's to find (SoldCheckoutStore), not today's catalogue.
            Pack: null,
            Status: status,
            AmountTotal: session.AmountTotal ?? 0,
            Currency: session.Currency,
            Email: session.CustomerDetails?.Email ?? session.CustomerEmail);
    }

    public static RefundNotice Refund(Refund refund, string eventType, string? chargePaymentIntentId = null) => new(
        refund.PaymentIntentId ?? chargePaymentIntentId ?? "",
        refund.Id,
        refund.Amount,
        eventType == RefundFailed ? RefundStatus.Failed : RefundStatusOf(refund.Status),
        new DateTimeOffset(refund.Created, TimeSpan.Zero));

    /// <summary>
    /// The refunds a charge lists (charge.refunded). Each is keyed by its id like its own refund
    /// event, so a refund told both ways counts once. Since Stripe's 2022-11-15 API version the
    /// list is only there when expanded; the refund.* events carry every refund regardless.
    /// </summary>
    public static IReadOnlyList<RefundNotice> Refunds(Charge charge, string eventType) =>
        (charge.Refunds?.Data ?? []).Select(refund => Refund(refund, eventType, charge.PaymentIntentId)).ToList();

    public static DisputeNotice Dispute(Dispute dispute) => new(
        dispute.PaymentIntentId ?? "",
        dispute.Id,
        dispute.Amount,
        dispute.Status switch
        {
            "lost" => DisputeStatus.Lost,
            // An inquiry closed without a chargeback, or one prevented, ends like a win.
            "won" or "warning_closed" or "prevented" => DisputeStatus.Won,
            _ => DisputeStatus.Open,
        },
        new DateTimeOffset(dispute.Created, TimeSpan.Zero));

    private static RefundStatus RefundStatusOf(string? status) => status switch
    {
        "succeeded" => RefundStatus.Succeeded,
        "failed" => RefundStatus.Failed,
        "canceled" => RefundStatus.Canceled,
        // pending, requires_action: on its way, so its credits go back now.
        _ => RefundStatus.Pending,
    };
}

using Credits.Ledger.Payments;
using global::Stripe;
using global::Stripe.Checkout;

namespace Credits.Server.Stripe;

/// <summary>
/// Applies one verified Stripe event: a checkout, refund or dispute goes to the ledger's
/// <see cref="PaymentProcessor"/>; anything else is acknowledged and ignored. Every event is
/// recorded with its outcome, and a recorded event is answered without being applied again.
/// </summary>
internal sealed partial class StripeEventHandler(
    PaymentProcessor payments,
    WebhookEventLog events,
    PackCatalog catalog,
    ILogger<StripeEventHandler> logger)
{
    public const string Duplicate = "duplicate";
    public const string Ignored = "ignored";

    /// <summary>Applies the event; returns its outcome (applied, pending, unchanged, ignored or duplicate).</summary>
    public async Task<string> HandleAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stripeEvent);
        if (await events.FindOutcomeAsync(stripeEvent.Id, cancellationToken) is not null)
        {
            return Duplicate;
        }
        var outcome = await ApplyAsync(stripeEvent, cancellationToken);
        await events.RecordAsync(stripeEvent.Id, stripeEvent.Type, new DateTimeOffset(stripeEvent.Created, TimeSpan.Zero), outcome,
            cancellationToken);
        LogHandled(stripeEvent.Id, stripeEvent.Type, outcome);
        return outcome;
    }

    private async Task<string> ApplyAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        var type = stripeEvent.Type;
        PaymentOutcome outcome;
        switch (stripeEvent.Data?.Object)
        {
            case Session session when type is StripeNotices.CheckoutCompleted or StripeNotices.CheckoutAsyncSucceeded or StripeNotices.CheckoutAsyncFailed:
                if (session.Mode != "payment")
                {
                    // Subscriptions are billed through invoices, not packs.
                    return Ignored;
                }
                outcome = await payments.RecordCheckoutAsync(StripeNotices.Checkout(session, type, catalog), cancellationToken);
                break;
            // refund.created/updated/failed, and charge.refund.updated of older API versions.
            case Refund refund when type.StartsWith("refund.", StringComparison.Ordinal) || type.StartsWith("charge.refund.", StringComparison.Ordinal):
                outcome = await payments.RecordRefundsAsync([StripeNotices.Refund(refund, type)], cancellationToken);
                break;
            case Charge charge when type == "charge.refunded":
                var refunds = StripeNotices.Refunds(charge, type);
                if (refunds.Count == 0)
                {
                    LogUnlistedRefunds(charge.Id, charge.AmountRefunded);
                    return Ignored;
                }
                outcome = await payments.RecordRefundsAsync(refunds, cancellationToken);
                break;
            case Dispute dispute when type.StartsWith("charge.dispute.", StringComparison.Ordinal):
                outcome = await payments.RecordDisputeAsync(StripeNotices.Dispute(dispute), cancellationToken);
                break;
            default:
                return Ignored;
        }
        return outcome switch
        {
            PaymentOutcome.Applied => "applied",
            PaymentOutcome.Pending => "pending",
            PaymentOutcome.Unchanged => "unchanged",
            _ => Ignored,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe event {EventId} ({EventType}): {Outcome}")]
    private partial void LogHandled(string eventId, string eventType, string outcome);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "charge.refunded for {ChargeId} ({AmountRefunded} refunded) lists no refunds; the refund.created events apply them")]
    private partial void LogUnlistedRefunds(string chargeId, long amountRefunded);
}

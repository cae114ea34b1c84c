using System.Text.Json;
using System.Text.Json.Nodes;
using Credits.Ledger.Errors;
using Credits.Server.Errors;
using Credits.Ledger.Payments;
using Credits.Ledger.Subscriptions;
using global::Stripe;
using global::Stripe.Checkout;

namespace Credits.Server.Stripe;

/// <summary>
/// Applies one verified Stripe event: a checkout, refund or dispute goes to the ledger's
/// <see cref="PaymentProcessor"/>, an invoice or subscription to its <see cref="SubscriptionProcessor"/>;
/// anything else is acknowledged and ignored. Every event is recorded with its outcome, and a
/// recorded event is answered without being applied again. An event that cannot be applied (a price
/// no tier sells, no account, a checkout not paid as it was sold) is kept with its payload and
/// reason for an operator to replay.
/// </summary>
internal sealed partial class StripeEventHandler(
    PaymentProcessor payments,
    SubscriptionProcessor subscriptions,
    UnappliedEventStore unapplied,
    WebhookEventLog events,
    ILogger<StripeEventHandler> logger)
{
    public const string Duplicate = "duplicate";
    private const string Applied = "applied";
    private const string Unchanged = "unchanged";
    public const string Ignored = "ignored";
    public const string Unapplied = "unapplied";

    /// <summary>Applies the event; returns its outcome (applied, pending, unchanged, ignored, unapplied or duplicate).</summary>
    public async Task<string> HandleAsync(Event stripeEvent, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stripeEvent);
        if (await events.FindOutcomeAsync(stripeEvent.Id, cancellationToken) is not null)
        {
            return Duplicate;
        }
        var outcome = await ApplyAsync(stripeEvent, body, cancellationToken);
        if (outcome.Name == Unapplied)
        {
            await unapplied.RecordAsync(stripeEvent.Id, stripeEvent.Type, body, outcome.Reason ?? "", outcome.Detail ?? "", cancellationToken);
            LogUnapplied(stripeEvent.Id, stripeEvent.Type, outcome.Reason ?? "", outcome.Detail ?? "");
        }
        await RecordAsync(stripeEvent, outcome.Name, cancellationToken);
        return outcome.Name;
    }

    /// <summary>
    /// Applies a kept event again with the same mapping (after the catalogue or the account mapping
    /// was fixed). The ledger changes once however often, and however concurrently, it is replayed:
    /// every grant is keyed and recorded under the subscription's lock.
    /// </summary>
    public async Task<(UnappliedEvent Event, string Outcome)> ReplayAsync(string eventId, CancellationToken cancellationToken)
    {
        var kept = await unapplied.FindAsync(eventId, cancellationToken) ?? throw LedgerErrors.UnappliedEventNotFound(eventId).ToException();
        if (kept.ReplayedAt is not null)
        {
            return (kept, Duplicate);
        }
        var stripeEvent = EventUtility.ParseEvent(kept.Payload, throwOnApiVersionMismatch: false);
        var outcome = await ApplyAsync(stripeEvent, kept.Payload, cancellationToken);
        if (outcome.Name == Unapplied)
        {
            await unapplied.UpdateReasonAsync(eventId, outcome.Reason ?? "", outcome.Detail ?? "", cancellationToken);
        }
        else if (!await unapplied.MarkReplayedAsync(eventId, outcome.Name, supersedes: outcome.Name == Applied ? Unchanged : null, cancellationToken))
        {
            // Another replay marked it first; this one found everything applied already.
            outcome = new Handled(Duplicate);
        }
        LogReplayed(eventId, kept.Type, outcome.Name);
        return ((await unapplied.FindAsync(eventId, cancellationToken))!, outcome.Name);
    }

    private async Task RecordAsync(Event stripeEvent, string outcome, CancellationToken cancellationToken)
    {
        await events.RecordAsync(stripeEvent.Id, stripeEvent.Type, new DateTimeOffset(stripeEvent.Created, TimeSpan.Zero), outcome,
            cancellationToken);
        LogHandled(stripeEvent.Id, stripeEvent.Type, outcome);
    }

    // What applying an event did; for an unapplied one, why (kept with the event for its replay).
    private sealed record Handled(string Name, string? Reason = null, string? Detail = null);

    /// <summary>
    /// An event the ledger refused for good (anything but UNAVAILABLE, which Stripe's retry will get
    /// past): the customer may have paid, and once Stripe stops retrying nothing could replay it, so
    /// it is kept like any other unapplied event, with the ledger's reason.
    /// </summary>
    public const string LedgerRefused = "ledger_refused";

    private async Task<Handled> ApplyAsync(Event stripeEvent, string body, CancellationToken cancellationToken)
    {
        try
        {
            return await ApplyOnceAsync(stripeEvent, body, cancellationToken);
        }
        catch (LedgerException error) when (error.Kind != LedgerErrorKind.Unavailable)
        {
            // What was recorded before the refusal stays (the payment, its status): the replay picks
            // up from there, and every ledger command it sends is keyed, so it applies once.
            return new Handled(Unapplied, LedgerRefused, $"{LedgerErrorMapping.Classify(error.Kind).Reason}: {error.Message}");
        }
    }

    private async Task<Handled> ApplyOnceAsync(Event stripeEvent, string body, CancellationToken cancellationToken)
    {
        var type = stripeEvent.Type;
        SubscriptionResult result;
        switch (stripeEvent.Data?.Object)
        {
            case Invoice invoice when StripeSubscriptionNotices.IsInvoiceEvent(type):
                result = await subscriptions.RecordInvoiceAsync(StripeSubscriptionNotices.Invoice(invoice, RawObject(body), type), cancellationToken);
                return Of(result);
            case global::Stripe.Subscription subscription when StripeSubscriptionNotices.IsSubscriptionEvent(type):
                result = await subscriptions.RecordSubscriptionAsync(StripeSubscriptionNotices.Subscription(subscription, RawObject(body), type),
                    cancellationToken);
                return Of(result);
            default:
                return await ApplyPaymentAsync(stripeEvent, cancellationToken);
        }
    }

    private static Handled Of(SubscriptionResult result) => new(result.Outcome switch
    {
        SubscriptionOutcome.Applied => Applied,
        SubscriptionOutcome.Unchanged => Unchanged,
        SubscriptionOutcome.Unapplied => Unapplied,
        _ => Ignored,
    }, result.Reason, result.Detail);

    private static Handled Of(PaymentOutcome outcome, string? reason = null, string? detail = null) => new(outcome switch
    {
        PaymentOutcome.Applied => Applied,
        PaymentOutcome.Pending => "pending",
        PaymentOutcome.Unchanged => Unchanged,
        PaymentOutcome.Unapplied => Unapplied,
        _ => Ignored,
    }, reason, detail);

    /// <summary>The event's <c>data.object</c> as JSON, for the fields Stripe.net no longer models.</summary>
    private static JsonObject RawObject(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["data"]?["object"] as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private async Task<Handled> ApplyPaymentAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        var type = stripeEvent.Type;
        PaymentOutcome outcome;
        switch (stripeEvent.Data?.Object)
        {
            case Session session when type is StripeNotices.CheckoutCompleted or StripeNotices.CheckoutAsyncSucceeded or StripeNotices.CheckoutAsyncFailed:
                if (session.Mode != "payment")
                {
                    // Subscriptions are billed through invoices, not packs.
                    return new Handled(Ignored);
                }
                var checkout = await payments.RecordCheckoutAsync(StripeNotices.Checkout(session, type), cancellationToken);
                return Of(checkout.Outcome, checkout.Reason, checkout.Detail);
            // refund.created/updated/failed, and charge.refund.updated of older API versions.
            case Refund refund when type.StartsWith("refund.", StringComparison.Ordinal) || type.StartsWith("charge.refund.", StringComparison.Ordinal):
                outcome = await payments.RecordRefundsAsync([StripeNotices.Refund(refund, type)], cancellationToken);
                break;
            case Charge charge when type == "charge.refunded":
                var refunds = StripeNotices.Refunds(charge, type);
                if (refunds.Count == 0)
                {
                    LogUnlistedRefunds(charge.Id, charge.AmountRefunded);
                    return new Handled(Ignored);
                }
                outcome = await payments.RecordRefundsAsync(refunds, cancellationToken);
                break;
            case Dispute dispute when type.StartsWith("charge.dispute.", StringComparison.Ordinal):
                outcome = await payments.RecordDisputeAsync(StripeNotices.Dispute(dispute), cancellationToken);
                break;
            default:
                return new Handled(Ignored);
        }
        return Of(outcome);
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Stripe event {EventId} ({EventType}) could not be applied ({Reason}: {Detail}); answered 200 and kept for ReplayUnappliedEvent")]
    private partial void LogUnapplied(string eventId, string eventType, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed unapplied Stripe event {EventId} ({EventType}): {Outcome}")]
    private partial void LogReplayed(string eventId, string eventType, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe event {EventId} ({EventType}): {Outcome}")]
    private partial void LogHandled(string eventId, string eventType, string outcome);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "charge.refunded for {ChargeId} ({AmountRefunded} refunded) lists no refunds; the refund.created events apply them")]
    private partial void LogUnlistedRefunds(string chargeId, long amountRefunded);
}

using Credits.Ledger.Data.Subscriptions;
using Credits.Ledger.Engine;
using Credits.Ledger.Payments;
using Microsoft.Extensions.Logging;
using static Credits.Ledger.Subscriptions.SubscriptionMetadata;

namespace Credits.Ledger.Subscriptions;

// What Stripe reports about subscriptions (invoices, and the subscriptions themselves), applied
// under the subscription's lock. A report that cannot be placed (an account this ledger cannot
// hold, a price no tier sells) changes nothing and says why, so that it is kept for replay.
internal sealed partial class StripeSubscriptionReports(
    SubscriptionRepository subscriptions,
    ISubscriptionCatalog catalog,
    SubscriptionJournal journal,
    PeriodAllocation allocation,
    TierChange tierChange,
    Cancellation cancellation,
    TimeProvider time,
    ILogger logger)
{
    private const string Actor = PaymentActors.Stripe;

    public async Task<SubscriptionResult> RecordInvoiceAsync(InvoiceNotice notice, CancellationToken cancellationToken)
    {
        if (notice.Reason == InvoiceReason.Other)
        {
            return SubscriptionResult.Ignored;
        }
        if (!ProviderIds.IsValid(notice.InvoiceId) || !ProviderIds.IsValid(notice.SubscriptionId) || !ProviderIds.IsValid(notice.PriceId)
            || notice.PeriodEnd <= notice.PeriodStart)
        {
            logger.LogUnusableReport("invoice", notice.InvoiceId, "a missing or malformed invoice, subscription or price id, or an empty period");
            return SubscriptionResult.Ignored;
        }
        await using var held = await subscriptions.LockAsync(notice.SubscriptionId, cancellationToken);
        var subscription = await subscriptions.FindAsync(notice.SubscriptionId, cancellationToken);
        var accountId = subscription?.AccountId ?? notice.AccountId;
        if (!ProviderIds.IsAccount(accountId))
        {
            LogUnknownAccount(notice.InvoiceId, notice.SubscriptionId, accountId);
            return SubscriptionResult.UnknownAccount(notice.SubscriptionId);
        }
        if (!notice.Paid)
        {
            // Nothing is granted; current credits last until their period ends, and a later payment
            // of the same invoice grants.
            var noted = await journal.NoteOnceAsync(accountId!, notice.SubscriptionId, SubscriptionKeys.PaymentFailed(notice.InvoiceId),
                SubscriptionGrantKind.PaymentFailed, subscription?.TierId ?? "", notice.PeriodStart, notice.PeriodEnd, Actor, notice.InvoiceId,
                For("subscription_payment_failed", notice.SubscriptionId, (InvoiceId, notice.InvoiceId)), email: null, cancellationToken);
            return noted ? SubscriptionResult.Applied : SubscriptionResult.Unchanged;
        }
        if (catalog.FindByPrice(notice.PriceId) is not { } tier)
        {
            LogUnknownPrice(notice.InvoiceId, notice.SubscriptionId, notice.PriceId);
            return SubscriptionResult.UnknownPrice(notice.PriceId);
        }
        subscription ??= Subscription.Start(accountId!, notice.SubscriptionId, SubscriptionSource.Stripe, tier.TierId, notice.PeriodStart,
            notice.PeriodEnd, notice.Email, Clock.Now(time));
        subscription.UpdateEmail(notice.Email);
        await subscriptions.SaveAsync(subscription, cancellationToken);
        if (notice.Reason == InvoiceReason.Update)
        {
            return await tierChange.ApplyAsync(subscription, tier, Actor, notice.InvoiceId, "", cancellationToken)
                ? SubscriptionResult.Applied : SubscriptionResult.Unchanged;
        }
        if (subscription.IsCanceledBefore(notice.PeriodStart))
        {
            LogAfterCancellation(notice.InvoiceId, notice.SubscriptionId);
            return SubscriptionResult.Unchanged;
        }
        var granted = await allocation.AllocateAsync(subscription, tier,
            SubscriptionKeys.Allocation(SubscriptionSource.Stripe, subscription.SubscriptionId, notice.InvoiceId, 0), notice.PeriodStart,
            notice.PeriodEnd, notice.InvoiceId, Actor, "", cancellationToken, paid: true);
        // Moved after the allocation: a crash in between repeats the same keyed grant. An older
        // period's invoice arriving late grants its own period but does not move the subscription.
        if (subscription.Renew(tier.TierId, notice.PeriodStart, notice.PeriodEnd))
        {
            await subscriptions.SaveAsync(subscription, cancellationToken);
        }
        return granted ? SubscriptionResult.Applied : SubscriptionResult.Unchanged;
    }

    public async Task<SubscriptionResult> RecordSubscriptionAsync(SubscriptionNotice notice, CancellationToken cancellationToken)
    {
        if (!ProviderIds.IsValid(notice.SubscriptionId) || notice.PeriodEnd <= notice.PeriodStart)
        {
            logger.LogUnusableReport("subscription", notice.SubscriptionId, "a missing or malformed subscription id, or an empty period");
            return SubscriptionResult.Ignored;
        }
        await using var held = await subscriptions.LockAsync(notice.SubscriptionId, cancellationToken);
        var subscription = await subscriptions.FindAsync(notice.SubscriptionId, cancellationToken);
        var accountId = subscription?.AccountId ?? notice.AccountId;
        if (!ProviderIds.IsAccount(accountId))
        {
            LogUnknownAccount("-", notice.SubscriptionId, accountId);
            return SubscriptionResult.UnknownAccount(notice.SubscriptionId);
        }
        var tier = ProviderIds.IsValid(notice.PriceId) ? catalog.FindByPrice(notice.PriceId) : null;
        if (tier is null && !notice.Deleted)
        {
            LogUnknownPrice("-", notice.SubscriptionId, notice.PriceId);
            return SubscriptionResult.UnknownPrice(notice.PriceId);
        }
        // A subscription first seen by its deletion is kept (cancelled below) even when its price
        // is no longer sold, so that a late invoice for it grants nothing.
        var changed = subscription is null;
        subscription ??= Subscription.Start(accountId!, notice.SubscriptionId, SubscriptionSource.Stripe, tier?.TierId ?? "", notice.PeriodStart,
            notice.PeriodEnd, notice.Email, Clock.Now(time));
        subscription.UpdateEmail(notice.Email);
        await subscriptions.SaveAsync(subscription, cancellationToken);
        if (!notice.Deleted && tier is not null && subscription.IsActive)
        {
            changed |= await tierChange.ApplyAsync(subscription, tier, Actor, notice.SubscriptionId, "", cancellationToken);
        }
        if (notice.Deleted)
        {
            changed |= await cancellation.CancelNowAsync(subscription, Actor, "", cancellationToken);
        }
        else if (notice.CancelAtPeriodEnd != subscription.CancelAtPeriodEnd)
        {
            changed |= await cancellation.SetCancelAtPeriodEndAsync(subscription, notice.CancelAtPeriodEnd, Actor, "", cancellationToken);
        }
        return changed ? SubscriptionResult.Applied : SubscriptionResult.Unchanged;
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Subscription {SubscriptionId} (invoice {InvoiceId}) names account '{AccountId}', which is not a valid account id: nothing granted, kept for replay")]
    private partial void LogUnknownAccount(string invoiceId, string subscriptionId, string? accountId);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Subscription {SubscriptionId} (invoice {InvoiceId}) bills price '{PriceId}', which no tier sells: nothing granted, kept for replay")]
    private partial void LogUnknownPrice(string invoiceId, string subscriptionId, string priceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invoice {InvoiceId} of cancelled subscription {SubscriptionId} allocates nothing")]
    private partial void LogAfterCancellation(string invoiceId, string subscriptionId);
}

using Credits.Ledger.Data.Subscriptions;
using Credits.Ledger.Engine;
using static Credits.Ledger.Subscriptions.SubscriptionMetadata;

namespace Credits.Ledger.Subscriptions;

// Ending a subscription: now, or at the end of its period (which a later report may take back).
// Either stops future allocations; credits already granted stay until they expire. Each is
// journalled once and confirmed by email; a resumption is journalled without one.
internal sealed class Cancellation(SubscriptionJournal journal, SubscriptionRepository repository, TimeProvider time)
{
    // Returns false when the subscription had ended already.
    public async Task<bool> CancelNowAsync(Subscription subscription, string actor, string requestedBy, CancellationToken cancellationToken)
    {
        if (!subscription.Cancel())
        {
            return false;
        }
        await repository.SaveAsync(subscription, cancellationToken);
        var now = Clock.Now(time);
        await journal.NoteOnceAsync(subscription, SubscriptionKeys.Cancel(subscription.SubscriptionId), SubscriptionGrantKind.Cancellation,
            subscription.TierId, actor, subscription.SubscriptionId,
            For("subscription_canceled", subscription.SubscriptionId, (TierId, subscription.TierId), (EffectiveAt, Time(now)),
                (RequestedBy, requestedBy)),
            SubscriptionEmails.Cancellation(subscription.AccountId, subscription.SubscriptionId, subscription.TierId, now, subscription.Email),
            cancellationToken);
        return true;
    }

    // Schedules the cancellation at the period's end, or takes it back; journalled once per period.
    public async Task<bool> SetCancelAtPeriodEndAsync(Subscription subscription, bool cancel, string actor, string requestedBy,
        CancellationToken cancellationToken)
    {
        subscription.SetCancelAtPeriodEnd(cancel);
        await repository.SaveAsync(subscription, cancellationToken);
        var periodEnd = subscription.PeriodEnd;
        var periodEndMs = Clock.ToMs(periodEnd);
        await journal.NoteOnceAsync(subscription,
            cancel ? SubscriptionKeys.CancelAtPeriodEnd(subscription.SubscriptionId, periodEndMs) : SubscriptionKeys.Resume(subscription.SubscriptionId, periodEndMs),
            cancel ? SubscriptionGrantKind.Cancellation : SubscriptionGrantKind.Resumed, subscription.TierId, actor, subscription.SubscriptionId,
            For(cancel ? "subscription_cancel_scheduled" : "subscription_resumed", subscription.SubscriptionId, (TierId, subscription.TierId),
                (EffectiveAt, Time(periodEnd)), (RequestedBy, requestedBy)),
            cancel ? SubscriptionEmails.Cancellation(subscription.AccountId, subscription.SubscriptionId, subscription.TierId, periodEnd, subscription.Email) : null,
            cancellationToken);
        return true;
    }
}

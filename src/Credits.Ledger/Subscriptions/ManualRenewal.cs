using Credits.Ledger.Data.Subscriptions;
using Credits.Ledger.Engine;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Subscriptions;

// The renewal of manual subscriptions (Stripe renews its own through invoices): when a period
// ends, the next starts where it ended, at the scheduled downgrade's tier if there is one, and is
// allocated; one set to cancel at the period's end ends instead. A subscription overdue by several
// periods (the server was down) catches up one period at a time, each allocated under its own key.
internal sealed partial class ManualRenewal(
    SubscriptionRepository subscriptions,
    ISubscriptionCatalog catalog,
    PeriodAllocation allocation,
    TimeProvider time,
    ILogger logger)
{
    // Returns how many subscriptions it moved.
    public async Task<int> RenewDueAsync(CancellationToken cancellationToken)
    {
        var now = Clock.Now(time);
        var due = await subscriptions.DueManualAsync(now, SubscriptionProcessor.RenewalsPerPassMax, cancellationToken);
        var moved = 0;
        foreach (var subscriptionId in due)
        {
            await using var held = await subscriptions.LockAsync(subscriptionId, cancellationToken);
            // Read again under the lock: another instance may have renewed it since the list was read.
            var subscription = await subscriptions.FindAsync(subscriptionId, cancellationToken);
            moved += subscription is not null && await RenewAsync(subscription, now, cancellationToken) ? 1 : 0;
        }
        return moved;
    }

    private async Task<bool> RenewAsync(Subscription subscription, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var renewed = false;
        while (subscription.IsDueAt(now))
        {
            if (subscription.CancelAtPeriodEnd)
            {
                subscription.EndAtPeriodEnd(now);
                await subscriptions.SaveAsync(subscription, cancellationToken);
                return true;
            }
            if (catalog.FindOrNull(subscription.NextTierId) is not { } tier)
            {
                LogRenewalUnknownTier(subscription.SubscriptionId, subscription.NextTierId);
                return renewed;
            }
            var start = subscription.PeriodEnd;
            var end = start.AddMonths(tier.PeriodMonths);
            // Allocated before the subscription moves on: a crash in between repeats the same keyed grant.
            await allocation.AllocateAsync(subscription, tier,
                SubscriptionKeys.Allocation(SubscriptionSource.Manual, subscription.SubscriptionId, "", Clock.ToMs(start)),
                start, end, subscription.SubscriptionId, SubscriptionProcessor.ManualActor, "", cancellationToken);
            subscription.Renew(tier.TierId, start, end);
            await subscriptions.SaveAsync(subscription, cancellationToken);
            renewed = true;
        }
        return renewed;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Manual subscription {SubscriptionId} cannot renew: tier '{TierId}' is not in the catalogue")]
    private partial void LogRenewalUnknownTier(string subscriptionId, string tierId);
}

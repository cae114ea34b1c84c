using Credits.Ledger.Commands;
using Credits.Ledger.Data.Subscriptions;
using Credits.Ledger.Engine;
using Credits.Ledger.Lots;
using static Credits.Ledger.Subscriptions.SubscriptionMetadata;

namespace Credits.Ledger.Subscriptions;

// A change of tier during a period. An upgrade (to a tier with at least as many credits) takes
// effect at once and grants the difference over what the period holds, prorated by the time left
// or whole as the new tier says; a downgrade is scheduled for the next renewal. Either is journalled
// with both tiers, once per subscription, period and tier.
internal sealed class TierChange(CreditLedger ledger, SubscriptionJournal journal, SubscriptionRepository repository,
    ISubscriptionCatalog catalog, TimeProvider time)
{
    // Returns whether anything changed; a redelivered report that finds its change made returns false.
    public async Task<bool> ApplyAsync(Subscription subscription, SubscriptionTier tier, string actor, string reference, string requestedBy,
        CancellationToken cancellationToken)
    {
        if (tier.TierId == subscription.TierId)
        {
            if (!subscription.DropScheduledDowngrade())
            {
                return false;
            }
            await repository.SaveAsync(subscription, cancellationToken);
            return true;
        }
        var old = catalog.FindOrNull(subscription.TierId);
        if (tier.CreditsPerPeriod < (old?.CreditsPerPeriod ?? 0))
        {
            return await ScheduleDowngradeAsync(subscription, tier, actor, reference, requestedBy, cancellationToken);
        }
        await UpgradeAsync(subscription, tier, old, actor, reference, requestedBy, cancellationToken);
        subscription.ChangeTier(tier.TierId);
        await repository.SaveAsync(subscription, cancellationToken);
        // The tier moved even when a redelivered report found its grant already made.
        return true;
    }

    private async Task<bool> ScheduleDowngradeAsync(Subscription subscription, SubscriptionTier tier, string actor, string reference,
        string requestedBy, CancellationToken cancellationToken)
    {
        if (!subscription.ScheduleDowngrade(tier.TierId))
        {
            return false;
        }
        await repository.SaveAsync(subscription, cancellationToken);
        await journal.NoteOnceAsync(subscription, SubscriptionKeys.Downgrade(subscription.SubscriptionId, Clock.ToMs(subscription.PeriodStart), tier.TierId),
            SubscriptionGrantKind.Downgrade, tier.TierId, actor, reference,
            For("subscription_downgrade_scheduled", subscription.SubscriptionId, (OldTier, subscription.TierId), (NewTier, tier.TierId),
                (EffectiveAt, Time(subscription.PeriodEnd)), (RequestedBy, requestedBy)),
            email: null, cancellationToken);
        return true;
    }

    // Grants the difference now, or, with nothing to grant (the period is not allocated yet, or
    // already holds as much), journals the change with both tiers.
    private async Task UpgradeAsync(Subscription subscription, SubscriptionTier tier, SubscriptionTier? old, string actor, string reference,
        string requestedBy, CancellationToken cancellationToken)
    {
        var (periodStart, periodEnd) = (subscription.PeriodStart, subscription.PeriodEnd);
        var periodStartMs = Clock.ToMs(periodStart);
        var granted = await repository.GrantedForPeriodAsync(subscription.AccountId, subscription.SubscriptionId, periodEnd, cancellationToken);
        var now = Clock.Now(time);
        var difference = tier.CreditsPerPeriod - granted;
        if (tier.UpgradeGrant == UpgradeGrant.Prorated && difference > 0)
        {
            // A period paid ahead (its invoice came early) has all of it left, never more.
            var length = (periodEnd - periodStart).Ticks;
            var left = Math.Clamp((periodEnd - now).Ticks, 0, length);
            difference = (long)((Int128)difference * left / length);
        }
        if (granted > 0 && difference > 0 && periodEnd > now)
        {
            // The upgrade lot rolls over only the rise in cap, so the period's lots together carry at
            // most the new tier's cap.
            var cap = Math.Max(0, tier.RolloverCapCredits - (old?.RolloverCapCredits ?? 0));
            var rollover = cap > 0 && tier.RolloverExpiresAt(periodEnd) is { } at ? new RolloverTerms(cap, at) : null;
            await journal.OnceAsync(subscription.AccountId, subscription.SubscriptionId,
                SubscriptionKeys.Upgrade(subscription.SubscriptionId, periodStartMs, tier.TierId), SubscriptionGrantKind.Upgrade, tier.TierId,
                periodStart, periodEnd, async key =>
                {
                    var grant = new GrantCommand(actor, subscription.AccountId, difference, Bucket.Subscription, periodEnd, null, reference, key,
                        For("subscription_upgrade", subscription.SubscriptionId, (OldTier, subscription.TierId), (NewTier, tier.TierId),
                            (Proration, tier.UpgradeGrant == UpgradeGrant.Prorated ? "prorated" : "whole"), (RequestedBy, requestedBy)))
                    {
                        // Once per upgrade for good, like a period's allocation.
                        PaymentReference = key,
                        Rollover = rollover,
                    };
                    var result = await ledger.GrantAsync(grant, cancellationToken);
                    return (difference, result.LotId);
                }, cancellationToken);
            return;
        }
        await journal.NoteOnceAsync(subscription, SubscriptionKeys.TierChange(subscription.SubscriptionId, periodStartMs, tier.TierId),
            SubscriptionGrantKind.Upgrade, tier.TierId, actor, reference,
            For("subscription_tier_changed", subscription.SubscriptionId, (OldTier, subscription.TierId), (NewTier, tier.TierId),
                (RequestedBy, requestedBy)),
            email: null, cancellationToken);
    }
}

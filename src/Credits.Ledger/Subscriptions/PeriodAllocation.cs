using Credits.Ledger.Commands;
using Credits.Ledger.Engine;
using Credits.Ledger.Lots;
using Microsoft.Extensions.Logging;
using static Credits.Ledger.Subscriptions.SubscriptionMetadata;

namespace Credits.Ledger.Subscriptions;

// A period's allocation: the tier's credits as a subscription lot expiring at the period's end,
// with the tier's rollover terms (the ledger's one expiry path applies them) and the renewal email,
// granted once per key (an invoice, or a manual subscription's period), for good (GrantCommand.PaymentReference).
internal sealed partial class PeriodAllocation(CreditLedger ledger, SubscriptionJournal journal, TimeProvider time, ILogger logger)
{
    // paid: the period was paid (a Stripe invoice), so the grant carries the referral step (docs/referrals.md).
    public Task<bool> AllocateAsync(Subscription subscription, SubscriptionTier tier, string key, DateTimeOffset periodStart,
        DateTimeOffset periodEnd, string reference, string actor, string requestedBy, CancellationToken cancellationToken, bool paid = false) =>
        journal.OnceAsync(subscription.AccountId, subscription.SubscriptionId, key, SubscriptionGrantKind.Allocation, tier.TierId, periodStart,
            periodEnd, async grantKey =>
            {
                if (periodEnd <= Clock.Now(time))
                {
                    // Its credits would expire the moment they arrived (a period's invoice delivered
                    // after the period ended): recorded, so it is never granted later either.
                    LogPeriodOver(subscription.SubscriptionId, reference, periodEnd);
                    return (0, null);
                }
                var rollover = tier.RolloverExpiresAt(periodEnd) is { } rolloverExpiresAt
                    ? new RolloverTerms(tier.RolloverCapCredits, rolloverExpiresAt) : null;
                var grant = new GrantCommand(actor, subscription.AccountId, tier.CreditsPerPeriod, Bucket.Subscription, periodEnd, null, reference,
                    grantKey, For("subscription_allocation", subscription.SubscriptionId, (TierId, tier.TierId),
                        (PeriodStart, Time(periodStart)), (PeriodEnd, Time(periodEnd)), (RequestedBy, requestedBy)))
                {
                    // Once per invoice (or manual period) for good: a crash between this grant and its
                    // record below, met again after the key's retention, grants nothing twice.
                    PaymentReference = grantKey,
                    Rollover = rollover,
                    Notification = SubscriptionEmails.Renewal(subscription.AccountId, subscription.SubscriptionId, tier.TierId, tier.CreditsPerPeriod,
                        periodEnd, subscription.Email),
                };
                if (!paid)
                {
                    return (tier.CreditsPerPeriod, (await ledger.GrantAsync(grant, cancellationToken)).LotId);
                }
                // A paid period: the referral step rides in the grant's transaction, as a checkout's does.
                var referral = new RewardReferralCommand(actor, subscription.AccountId,
                    await ledger.ReferrerOfAsync(subscription.AccountId, cancellationToken), reference, grantKey + ":referral");
                var outcomes = await ledger.ExecuteBatchAsync([grant, referral], cancellationToken);
                var lotId = outcomes[0].ResultOf(grant).LotId;
                if (outcomes[1].Error is { } referralError)
                {
                    // Not recorded: the provider's retry grants again (applied once) with the referral.
                    throw referralError.ToException();
                }
                return (tier.CreditsPerPeriod, lotId);
            }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId}: the period of {Reference} ended at {PeriodEnd}; nothing granted")]
    private partial void LogPeriodOver(string subscriptionId, string reference, DateTimeOffset periodEnd);
}

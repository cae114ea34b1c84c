using Credits.Ledger.Accounts;
using Credits.Ledger.Data.Subscriptions;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Payments;
using Credits.Ledger.Validation;

namespace Credits.Ledger.Subscriptions;

// Manual subscriptions (enterprise contracts), as an operator starts, changes and cancels them.
// Each request is applied under the subscription's lock, and every ledger change it makes is keyed
// by the subscription, period and tier, so a retried request changes nothing more.
internal sealed class ManualSubscriptions(
    SubscriptionRepository subscriptions,
    ISubscriptionCatalog catalog,
    PeriodAllocation allocation,
    TierChange tierChange,
    Cancellation cancellation,
    TimeProvider time)
{
    private const string Actor = SubscriptionProcessor.ManualActor;

    public async Task<SubscriptionView> StartAsync(string accountId, string tierId, string idempotencyKey, string requestedBy, string? email,
        CancellationToken cancellationToken)
    {
        AccountIds.Parse(accountId, "account_id");
        Require.IdempotencyKey(idempotencyKey);
        if (email is { Length: > 0 }
            && (email.Length > SubscriptionProcessor.EmailLengthMax || !Text.IsPrintableAscii(email) || !email.Contains('@', StringComparison.Ordinal)))
        {
            throw LedgerErrors.Invalid("email", $"email must be one address of at most {SubscriptionProcessor.EmailLengthMax} printable ASCII characters.").ToException();
        }
        var tier = catalog.Require(tierId);
        // Derived from the account and the caller's key, so a retried start finds the subscription it made.
        var subscriptionId = SubscriptionKeys.ManualId(accountId, idempotencyKey);
        await using var held = await subscriptions.LockAsync(subscriptionId, cancellationToken);
        var subscription = await subscriptions.FindAsync(subscriptionId, cancellationToken);
        if (subscription is null)
        {
            var now = Clock.Now(time);
            subscription = Subscription.Start(accountId, subscriptionId, SubscriptionSource.Manual, tier.TierId, now, now.AddMonths(tier.PeriodMonths),
                string.IsNullOrEmpty(email) ? null : email, now);
            await subscriptions.SaveAsync(subscription, cancellationToken);
        }
        // A retry allocates what the first start may not have (a crash before its grant was recorded).
        if (subscription.IsActive && catalog.FindOrNull(subscription.TierId) is { } current)
        {
            await allocation.AllocateAsync(subscription, current,
                SubscriptionKeys.Allocation(SubscriptionSource.Manual, subscriptionId, "", Clock.ToMs(subscription.PeriodStart)),
                subscription.PeriodStart, subscription.PeriodEnd, subscriptionId, Actor, requestedBy, cancellationToken);
        }
        return subscription.ToView();
    }

    public async Task<SubscriptionView> ChangeAsync(string subscriptionId, string tierId, string idempotencyKey, string requestedBy,
        CancellationToken cancellationToken)
    {
        // Changes are keyed by subscription, period and tier; the caller's key is checked for form only.
        Require.IdempotencyKey(idempotencyKey);
        ProviderIds.Require(subscriptionId, "subscription_id");
        var tier = catalog.Require(tierId);
        await using var held = await subscriptions.LockAsync(subscriptionId, cancellationToken);
        var subscription = await FindManualAsync(subscriptionId, cancellationToken);
        if (subscription.IsCanceled)
        {
            throw LedgerErrors.SubscriptionCanceled(subscriptionId).ToException();
        }
        await tierChange.ApplyAsync(subscription, tier, Actor, subscriptionId, requestedBy, cancellationToken);
        return subscription.ToView();
    }

    public async Task<SubscriptionView> CancelAsync(string subscriptionId, bool atPeriodEnd, string idempotencyKey, string requestedBy,
        CancellationToken cancellationToken)
    {
        Require.IdempotencyKey(idempotencyKey);
        ProviderIds.Require(subscriptionId, "subscription_id");
        await using var held = await subscriptions.LockAsync(subscriptionId, cancellationToken);
        var subscription = await FindManualAsync(subscriptionId, cancellationToken);
        if (subscription.IsActive)
        {
            if (atPeriodEnd)
            {
                await cancellation.SetCancelAtPeriodEndAsync(subscription, true, Actor, requestedBy, cancellationToken);
            }
            else
            {
                await cancellation.CancelNowAsync(subscription, Actor, requestedBy, cancellationToken);
            }
        }
        return subscription.ToView();
    }

    private async Task<Subscription> FindManualAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.FindAsync(subscriptionId, cancellationToken) ?? throw LedgerErrors.SubscriptionNotFound(subscriptionId).ToException();
        if (subscription.Source != SubscriptionSource.Manual)
        {
            throw LedgerErrors.Invalid("subscription_id", "A Stripe subscription is changed and cancelled in Stripe, which tells the ledger.").ToException();
        }
        return subscription;
    }
}

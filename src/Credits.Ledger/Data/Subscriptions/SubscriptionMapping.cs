using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using Credits.Ledger.Subscriptions;

namespace Credits.Ledger.Data.Subscriptions;

// The subscription tables' rows to the subscription aggregate and its grant records, and back.
// States are stored as integers whose values are the enums' values (never renumbered).
internal static class SubscriptionMapping
{
    public static Subscription ToSubscription(this SubscriptionRow row) => new(
        accountId: row.AccountId,
        subscriptionId: row.SubscriptionId,
        source: (SubscriptionSource)row.Source,
        tierId: row.TierId,
        status: (SubscriptionStatus)row.Status,
        periodStart: Clock.FromMs(row.PeriodStartMs),
        periodEnd: Clock.FromMs(row.PeriodEndMs),
        cancelAtPeriodEnd: row.CancelAtPeriodEnd == 1,
        pendingTierId: row.PendingTierId,
        email: row.Email,
        createdAt: Clock.FromMs(row.CreatedAtMs));

    public static SubscriptionRow ToRow(this Subscription subscription, long updatedAtMs) => new()
    {
        AccountId = subscription.AccountId,
        SubscriptionId = subscription.SubscriptionId,
        Source = (int)subscription.Source,
        TierId = subscription.TierId,
        Status = (int)subscription.Status,
        PeriodStartMs = Clock.ToMs(subscription.PeriodStart),
        PeriodEndMs = Clock.ToMs(subscription.PeriodEnd),
        CancelAtPeriodEnd = subscription.CancelAtPeriodEnd ? 1 : 0,
        PendingTierId = subscription.PendingTierId,
        Email = subscription.Email,
        CreatedAtMs = Clock.ToMs(subscription.CreatedAt),
        UpdatedAtMs = updatedAtMs,
    };

    public static SubscriptionGrantRow ToRow(this SubscriptionGrant grant) => new()
    {
        AccountId = grant.AccountId,
        GrantKey = grant.GrantKey,
        SubscriptionId = grant.SubscriptionId,
        Kind = (int)grant.Kind,
        TierId = grant.TierId,
        Amount = grant.Amount,
        LotId = grant.LotId,
        PeriodStartMs = Clock.ToMs(grant.PeriodStart),
        PeriodEndMs = Clock.ToMs(grant.PeriodEnd),
        CreatedAtMs = Clock.ToMs(grant.CreatedAt),
    };
}

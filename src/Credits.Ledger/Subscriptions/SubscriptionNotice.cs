namespace Credits.Ledger.Subscriptions;

/// <summary>What a payment provider says about a subscription itself (created, updated, deleted).</summary>
/// <param name="SubscriptionId">The subscription.</param>
/// <param name="AccountId">The account its metadata names; null when none.</param>
/// <param name="PriceId">The price it bills now.</param>
/// <param name="PeriodStart">The current period's start.</param>
/// <param name="PeriodEnd">The current period's end.</param>
/// <param name="CancelAtPeriodEnd">True when it ends at the period's end.</param>
/// <param name="Deleted">True when it has ended.</param>
/// <param name="Email">The customer's email, when known.</param>
public sealed record SubscriptionNotice(
    string SubscriptionId,
    string? AccountId,
    string PriceId,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    bool CancelAtPeriodEnd,
    bool Deleted,
    string? Email);

namespace Credits.Ledger.Subscriptions;

/// <summary>A subscription as the ledger knows it.</summary>
public sealed record SubscriptionView(
    string SubscriptionId,
    string AccountId,
    SubscriptionSource Source,
    string TierId,
    SubscriptionStatus Status,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    bool CancelAtPeriodEnd,
    string? PendingTierId);

namespace Credits.Ledger.Subscriptions;

/// <summary>What a subscription grant record is about. Values are stored; never renumber them.</summary>
internal enum SubscriptionGrantKind
{
    Allocation = 1,
    Upgrade = 2,
    Downgrade = 3,
    Cancellation = 4,
    PaymentFailed = 5,
    Resumed = 6,
}

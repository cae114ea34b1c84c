namespace Credits.Ledger.Subscriptions;

// One ledger change a subscription made (or a decision to grant nothing), under the key that makes
// it happen once: while its record exists, the same report changes nothing more.
internal sealed record SubscriptionGrant(
    string AccountId,
    string GrantKey,
    string SubscriptionId,
    SubscriptionGrantKind Kind,
    string TierId,
    long Amount,
    string? LotId,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    DateTimeOffset CreatedAt);

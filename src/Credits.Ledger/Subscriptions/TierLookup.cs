using Credits.Ledger.Errors;

namespace Credits.Ledger.Subscriptions;

// Looking tiers up in the catalogue, the same way for every rule.
internal static class TierLookup
{
    // The tier with tierId, or null when it has none (a subscription first seen by its deletion) or
    // the catalogue no longer sells it.
    public static SubscriptionTier? FindOrNull(this ISubscriptionCatalog catalog, string? tierId) =>
        string.IsNullOrEmpty(tierId) ? null : catalog.Find(tierId);

    // The tier a request names; INVALID_ARGUMENT without one, NOT_FOUND for one the catalogue lacks.
    public static SubscriptionTier Require(this ISubscriptionCatalog catalog, string tierId) =>
        catalog.FindOrNull(tierId)
        ?? (string.IsNullOrEmpty(tierId) ? throw LedgerErrors.Invalid("tier_id", "tier_id is required.").ToException() : throw LedgerErrors.TierNotFound(tierId).ToException());
}

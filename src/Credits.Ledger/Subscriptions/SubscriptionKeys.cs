using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Credits.Ledger.Payments;

namespace Credits.Ledger.Subscriptions;

/// <summary>
/// The keys of subscription grants and notes, named after the business object (the invoice, the
/// subscription and its period) so that every report about one object leads to the same key.
/// </summary>
internal static class SubscriptionKeys
{
    public static string Allocation(SubscriptionSource source, string subscriptionId, string invoiceId, long periodStartMs) =>
        Fit(source == SubscriptionSource.Stripe ? $"{ProviderKeys.Stripe}subscription:invoice:{invoiceId}" : $"subscription:{subscriptionId}:period:{periodStartMs}");

    public static string Upgrade(string subscriptionId, long periodStartMs, string tierId) =>
        Fit($"subscription:{subscriptionId}:upgrade:{periodStartMs}:{tierId}");

    public static string Downgrade(string subscriptionId, long periodStartMs, string tierId) =>
        Fit($"subscription:{subscriptionId}:downgrade:{periodStartMs}:{tierId}");

    public static string TierChange(string subscriptionId, long periodStartMs, string tierId) =>
        Fit($"subscription:{subscriptionId}:tier:{periodStartMs}:{tierId}");

    public static string Cancel(string subscriptionId) =>
        Fit($"subscription:{subscriptionId}:cancel");

    public static string CancelAtPeriodEnd(string subscriptionId, long periodEndMs) =>
        Fit($"subscription:{subscriptionId}:cancel-at-period-end:{periodEndMs}");

    public static string Resume(string subscriptionId, long periodEndMs) =>
        Fit($"subscription:{subscriptionId}:resume:{periodEndMs}");

    public static string PaymentFailed(string invoiceId) =>
        Fit($"{ProviderKeys.Stripe}subscription:invoice:{invoiceId}:payment-failed");

    private static string Fit(string key) => ProviderKeys.Fit(key);

    /// <summary>A manual subscription's id, derived from the account and the start request's key, so a retried start finds it.</summary>
    public static string ManualId(string accountId, string idempotencyKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(accountId + "\n" + idempotencyKey));
        return "msub_" + Base64Url.EncodeToString(hash.AsSpan(0, 16));
    }
}

using System.Globalization;

namespace Credits.Ledger.Subscriptions;

// The journal metadata of subscription changes, named in one place so that every rule writes the
// same keys (support and clients read them from the history).
internal static class SubscriptionMetadata
{
    public const string Event = "event";
    public const string SubscriptionId = "subscription_id";
    public const string InvoiceId = "invoice_id";
    public const string TierId = "tier_id";
    public const string OldTier = "old_tier";
    public const string NewTier = "new_tier";
    public const string EffectiveAt = "effective_at";
    public const string PeriodStart = "period_start";
    public const string PeriodEnd = "period_end";
    public const string Proration = "proration";
    public const string RequestedBy = "requested_by";

    // What happened (what) to which subscription, with the fields that have a value: an empty value
    // (no requester, no tier yet) is left out rather than journalled empty.
    public static Dictionary<string, string> For(string what, string subscriptionId, params (string Key, string Value)[] fields)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [Event] = what, [SubscriptionId] = subscriptionId };
        foreach (var (key, value) in fields)
        {
            if (value.Length > 0)
            {
                metadata[key] = value;
            }
        }
        return metadata;
    }

    // Times in metadata: UTC to the second, the same text whichever culture the server runs in.
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

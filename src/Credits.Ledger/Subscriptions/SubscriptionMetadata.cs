using System.Globalization;

namespace Credits.Ledger.Subscriptions;

// The journal metadata of subscription changes, named in one place so that every rule writes the
// same keys (support and clients read them from the history). Keys are lowerCamel, like the
// payments' journal metadata and the ErrorInfo metadata of the API. Entries journalled before
// this naming keep their snake_case keys (subscription_id, tier_id, old_tier, ...): the journal
// is never rewritten, so a reader of older history looks for both.
internal static class SubscriptionMetadata
{
    public const string Event = "event";
    public const string SubscriptionId = "subscriptionId";
    public const string InvoiceId = "invoiceId";
    public const string TierId = "tierId";
    public const string OldTier = "oldTier";
    public const string NewTier = "newTier";
    public const string EffectiveAt = "effectiveAt";
    public const string PeriodStart = "periodStart";
    public const string PeriodEnd = "periodEnd";
    public const string Proration = "proration";
    public const string RequestedBy = "requestedBy";

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

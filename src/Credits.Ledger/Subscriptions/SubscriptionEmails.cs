using System.Text.Json;
using Credits.Ledger.Outbox;

namespace Credits.Ledger.Subscriptions;

/// <summary>The emails subscriptions send through the outbox, only when their ledger change takes effect.</summary>
public static class SubscriptionEmails
{
    /// <summary>A period's credits were added: credits, rollover (from the balance stored beside it) and the next renewal date.</summary>
    public const string RenewalTopic = "receipt.subscription_renewal";

    /// <summary>A cancellation was confirmed: when it takes effect; credits stay until they expire.</summary>
    public const string CancellationTopic = "receipt.subscription_canceled";

    internal static OutboxMessage Renewal(string accountId, string subscriptionId, string tierId, long credits, DateTimeOffset nextRenewal,
        string? email) => new(RenewalTopic, JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["email"] = email,
        ["accountId"] = accountId,
        ["subscriptionId"] = subscriptionId,
        ["tierId"] = tierId,
        ["credits"] = credits,
        ["nextRenewal"] = nextRenewal.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    }));

    internal static OutboxMessage Cancellation(string accountId, string subscriptionId, string tierId, DateTimeOffset effectiveAt, string? email) =>
        new(CancellationTopic, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["email"] = email,
            ["accountId"] = accountId,
            ["subscriptionId"] = subscriptionId,
            ["tierId"] = tierId,
            ["effectiveAt"] = effectiveAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        }));
}

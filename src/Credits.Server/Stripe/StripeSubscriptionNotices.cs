using System.Text.Json.Nodes;
using Credits.Ledger.Subscriptions;
using global::Stripe;

namespace Credits.Server.Stripe;

/// <summary>
/// Stripe invoices and subscriptions to the ledger's subscription reports. Stripe moved fields
/// between API versions: an invoice names its subscription at <c>parent.subscription_details</c>
/// (newer, modelled by Stripe.net 53) or at top-level <c>subscription</c> /
/// <c>subscription_details</c> (older, no longer modelled), a line its price at
/// <c>pricing.price_details.price</c> or <c>price</c>/<c>plan</c>, a subscription its period on its
/// items or at top level. The typed object is read first and the event's raw JSON fills in what
/// the older shape has, so both shapes map to the same report.
/// </summary>
internal static class StripeSubscriptionNotices
{
    public const string InvoicePaid = "invoice.paid";
    public const string InvoicePaymentFailed = "invoice.payment_failed";
    public const string SubscriptionCreated = "customer.subscription.created";
    public const string SubscriptionUpdated = "customer.subscription.updated";
    public const string SubscriptionDeleted = "customer.subscription.deleted";

    /// <summary>The metadata key on the subscription that names the ledger account.</summary>
    public const string AccountMetadataKey = "account_id";

    public static bool IsInvoiceEvent(string type) => type is InvoicePaid or InvoicePaymentFailed;

    public static bool IsSubscriptionEvent(string type) => type is SubscriptionCreated or SubscriptionUpdated or SubscriptionDeleted;

    public static InvoiceNotice Invoice(Invoice invoice, JsonObject raw, string eventType)
    {
        var details = invoice.Parent?.SubscriptionDetails;
        var subscriptionId = details?.SubscriptionId ?? Text(At(raw, "subscription")) ?? Text(At(raw, "subscription", "id")) ?? "";
        var metadata = details?.Metadata;
        var accountId = metadata?.GetValueOrDefault(AccountMetadataKey)
                        ?? Text(At(raw, "subscription_details", "metadata", AccountMetadataKey))
                        ?? invoice.Metadata?.GetValueOrDefault(AccountMetadataKey);
        var line = SubscriptionLine(At(raw, "lines", "data") as JsonArray);
        var reason = (invoice.BillingReason ?? Text(At(raw, "billing_reason"))) switch
        {
            "subscription_create" => InvoiceReason.Create,
            "subscription_cycle" => InvoiceReason.Cycle,
            "subscription_update" => InvoiceReason.Update,
            _ => InvoiceReason.Other,
        };
        return new InvoiceNotice(
            InvoiceId: invoice.Id ?? "",
            SubscriptionId: subscriptionId,
            AccountId: accountId,
            PriceId: line is null ? "" : PriceOf(line),
            PeriodStart: Seconds(At(line, "period", "start")),
            PeriodEnd: Seconds(At(line, "period", "end")),
            Reason: reason,
            Paid: eventType == InvoicePaid,
            Email: invoice.CustomerEmail);
    }

    public static SubscriptionNotice Subscription(Subscription subscription, JsonObject raw, string eventType)
    {
        var item = subscription.Items?.Data?.FirstOrDefault();
        var rawItem = (At(raw, "items", "data") as JsonArray)?.FirstOrDefault();
        var priceId = item?.Price?.Id ?? Text(At(rawItem, "price", "id")) ?? Text(At(rawItem, "plan", "id")) ?? Text(At(raw, "plan", "id")) ?? "";
        // Newer API versions keep the period on each item; older ones at the top level.
        var start = item is not null && item.CurrentPeriodStart > DateTime.UnixEpoch
            ? new DateTimeOffset(item.CurrentPeriodStart, TimeSpan.Zero) : Seconds(At(raw, "current_period_start"));
        var end = item is not null && item.CurrentPeriodEnd > DateTime.UnixEpoch
            ? new DateTimeOffset(item.CurrentPeriodEnd, TimeSpan.Zero) : Seconds(At(raw, "current_period_end"));
        return new SubscriptionNotice(
            SubscriptionId: subscription.Id ?? "",
            AccountId: subscription.Metadata?.GetValueOrDefault(AccountMetadataKey),
            PriceId: priceId,
            PeriodStart: start,
            PeriodEnd: end,
            CancelAtPeriodEnd: subscription.CancelAtPeriodEnd,
            Deleted: eventType == SubscriptionDeleted || subscription.Status is "canceled" or "incomplete_expired",
            Email: null);
    }

    /// <summary>
    /// The line that bills the subscription: the last line with a positive amount (a plan change's
    /// invoice credits the old plan's unused time in a negative line first), else the last line.
    /// </summary>
    private static JsonNode? SubscriptionLine(JsonArray? lines)
    {
        if (lines is null || lines.Count == 0)
        {
            return null;
        }
        return lines.LastOrDefault(line => Number(At(line, "amount")) > 0 && PriceOf(line!).Length > 0)
               ?? lines.LastOrDefault(line => line is not null && PriceOf(line).Length > 0)
               ?? lines[^1];
    }

    private static string PriceOf(JsonNode line) =>
        Text(At(line, "pricing", "price_details", "price")) ?? Text(At(line, "pricing", "price_details", "price", "id"))
        ?? Text(At(line, "price", "id")) ?? Text(At(line, "plan", "id")) ?? "";

    /// <summary>The node at <paramref name="path"/> under <paramref name="node"/>, or null where any step is missing or not an object.</summary>
    private static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node is JsonObject value ? value[key] : null;
        }
        return node;
    }

    private static long Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var number) ? number : 0;

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static DateTimeOffset Seconds(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<long>(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.UnixEpoch;
}

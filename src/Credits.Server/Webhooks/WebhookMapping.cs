using Credits.Ledger.Notifications.Webhooks;
using Credits.Server.Notifications;
using Google.Protobuf.WellKnownTypes;

namespace Credits.Server.Webhooks;

/// <summary>Webhook deliveries from the domain to proto.</summary>
internal static class WebhookMapping
{
    public static V1.WebhookDelivery ToProto(this WebhookDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var proto = new V1.WebhookDelivery
        {
            EndpointId = delivery.EndpointId,
            Notification = delivery.Notification.ToProto(),
            WebhookId = delivery.WebhookId,
            Attempts = delivery.Attempts,
            LastError = delivery.LastError ?? "",
        };
        if (delivery.DeliveredAt is { } deliveredAt)
        {
            proto.DeliveredAt = Timestamp.FromDateTimeOffset(deliveredAt);
        }
        if (delivery.DeadAt is { } deadAt)
        {
            proto.DeadAt = Timestamp.FromDateTimeOffset(deadAt);
        }
        return proto;
    }
}

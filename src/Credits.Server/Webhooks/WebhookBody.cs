using System.Globalization;
using System.Text.Json;
using Credits.Server.Notifications;
using Google.Protobuf;
using Domain = Credits.Ledger.Notifications;

namespace Credits.Server.Webhooks;

/// <summary>
/// A webhook's JSON body, in the shape the Standard Webhooks spec recommends:
/// <c>{"type": "notification.low_balance", "timestamp": "...", "data": {...}}</c>, where <c>data</c>
/// is the <c>credits.v1.Notification</c> message in its proto3 JSON form (the fields ListNotifications
/// returns, documented in notification_service.proto) and <c>timestamp</c> is when the notification was written.
/// </summary>
internal static class WebhookBody
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    /// <summary>The event type: <c>notification.</c> then the kind in snake case (<c>low_balance</c>, <c>depleted</c>, <c>credits_expiring</c>).</summary>
    public static string Type(Domain.NotificationKind kind) => "notification." + JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());

    public static string Of(Domain.AccountNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var data = Formatter.Format(notification.ToProto());
        var type = JsonSerializer.Serialize(Type(notification.Kind));
        var timestamp = JsonSerializer.Serialize(notification.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        return $$"""{"type":{{type}},"timestamp":{{timestamp}},"data":{{data}}}""";
    }
}

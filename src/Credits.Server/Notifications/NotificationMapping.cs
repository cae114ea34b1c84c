using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Credits.Ledger.Errors;
using Google.Protobuf.WellKnownTypes;
using Domain = Credits.Ledger.Notifications;

namespace Credits.Server.Notifications;

/// <summary>Notifications and preferences between the domain and proto, and the list's page tokens.</summary>
internal static class NotificationMapping
{
    /// <summary>Notifications per page when the request asks for 0.</summary>
    public const int PageSizeDefault = 50;

    /// <summary>The most notifications on one page; larger requests get this many.</summary>
    public const int PageSizeMax = 200;

    private const string TokenVersion = "n1";

    public static V1.Notification ToProto(this Domain.AccountNotification notification)
    {
        var proto = new V1.Notification
        {
            AccountId = notification.AccountId,
            Sequence = notification.Sequence,
            Kind = (V1.NotificationKind)(int)notification.Kind,
            ThresholdPercent = notification.ThresholdPercent,
            Balance = notification.Balance,
            TopUpBalance = notification.TopUpBalance,
            JournalSequence = notification.JournalSequence,
            CreateTime = Timestamp.FromDateTimeOffset(notification.CreatedAt),
            Read = notification.Read,
            SuggestedPackId = notification.SuggestedPackId,
            PurchaseUrl = notification.PurchaseUrl,
        };
        if (notification.Expiring is { } expiring)
        {
            proto.LotId = expiring.LotId;
            proto.Amount = expiring.Amount;
            proto.ExpiresAt = Timestamp.FromDateTimeOffset(expiring.ExpiresAt);
            proto.RolloverAmount = expiring.RolloverAmount;
            proto.DaysBefore = expiring.DaysBefore;
        }
        if (notification.RunOutAt is { } runOutAt)
        {
            proto.RunOutTime = Timestamp.FromDateTimeOffset(runOutAt);
        }
        return proto;
    }

    public static V1.NotificationPreferences ToProto(this Domain.NotificationPreferences preferences)
    {
        var proto = new V1.NotificationPreferences
        {
            InApp = preferences.Channels.HasFlag(Domain.NotificationChannels.InApp),
            Email = preferences.Channels.HasFlag(Domain.NotificationChannels.Email),
            Webhook = preferences.Channels.HasFlag(Domain.NotificationChannels.Webhook),
            EmailAddress = preferences.EmailAddress ?? "",
            Locale = preferences.Locale ?? "",
        };
        proto.LowBalanceThresholds.AddRange(preferences.LowBalanceThresholds);
        return proto;
    }

    /// <summary>The domain's preferences; an absent message is INVALID_ARGUMENT (replacing with nothing is a mistake, not a reset).</summary>
    public static Domain.NotificationPreferences ToDomain(V1.NotificationPreferences? preferences)
    {
        if (preferences is null)
        {
            throw LedgerErrors.Invalid("preferences", "preferences is required: send every field, the defaults are 20, 10, 5, in-app and email.")
                .ToException();
        }
        var channels = (preferences.InApp ? Domain.NotificationChannels.InApp : 0)
            | (preferences.Email ? Domain.NotificationChannels.Email : 0)
            | (preferences.Webhook ? Domain.NotificationChannels.Webhook : 0);
        return new Domain.NotificationPreferences(preferences.LowBalanceThresholds.ToList(), channels)
        {
            EmailAddress = preferences.EmailAddress.Length == 0 ? null : preferences.EmailAddress,
            Locale = preferences.Locale.Length == 0 ? null : preferences.Locale,
        };
    }

    public static int PageSize(int requested)
    {
        if (requested < 0)
        {
            throw LedgerErrors.Invalid("page_size", "page_size must be 0 (the default) or more.").ToException();
        }
        return requested == 0 ? PageSizeDefault : Math.Min(requested, PageSizeMax);
    }

    /// <summary>The page token after <paramref name="last"/>: its sequence.</summary>
    public static string Token(Domain.AccountNotification last) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{TokenVersion}:{last.Sequence.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>The sequence a page starts after: 0 for the first page.</summary>
    public static long ParseToken(string token)
    {
        if (token.Length == 0)
        {
            return 0;
        }
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split(':', 2);
            if (parts.Length == 2 && parts[0] == TokenVersion
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                return sequence;
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below.
        }
        throw LedgerErrors.Invalid("page_token", "page_token is not a token this list returned.").ToException();
    }
}

using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Credits.Ledger.Errors;
using Google.Protobuf.WellKnownTypes;
using Domain = Credits.Ledger.Subscriptions;

namespace Credits.Server.Subscriptions;

/// <summary>Subscriptions and unapplied events between the domain and proto, and the list's page tokens.</summary>
internal static class SubscriptionMapping
{
    /// <summary>Events per page when the request asks for 0.</summary>
    public const int PageSizeDefault = 50;

    /// <summary>The most events on one page; larger requests get this many.</summary>
    public const int PageSizeMax = 200;

    private const string TokenVersion = "u1";

    public static V1.Subscription ToProto(this Domain.SubscriptionView view) => new()
    {
        SubscriptionId = view.SubscriptionId,
        AccountId = view.AccountId,
        Source = (V1.SubscriptionSource)(int)view.Source,
        TierId = view.TierId,
        Status = (V1.SubscriptionStatus)(int)view.Status,
        CurrentPeriodStart = Timestamp.FromDateTimeOffset(view.PeriodStart),
        CurrentPeriodEnd = Timestamp.FromDateTimeOffset(view.PeriodEnd),
        CancelAtPeriodEnd = view.CancelAtPeriodEnd,
        PendingTierId = view.PendingTierId ?? "",
    };

    public static V1.UnappliedEvent ToProto(this Domain.UnappliedEvent kept) => new()
    {
        EventId = kept.EventId,
        Type = kept.Type,
        Reason = kept.Reason,
        Detail = kept.Detail,
        ReceivedAt = Timestamp.FromDateTimeOffset(kept.ReceivedAt),
        ReplayedAt = kept.ReplayedAt is { } replayedAt ? Timestamp.FromDateTimeOffset(replayedAt) : null,
        ReplayOutcome = kept.ReplayOutcome ?? "",
    };

    public static int PageSize(int requested)
    {
        if (requested < 0)
        {
            throw LedgerErrors.Invalid("page_size", "page_size must be 0 (the default) or more.").ToException();
        }
        return requested == 0 ? PageSizeDefault : Math.Min(requested, PageSizeMax);
    }

    /// <summary>The page token after <paramref name="last"/>: its sort key (received at, event id).</summary>
    public static string Token(Domain.UnappliedEvent last) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{TokenVersion}:{last.ReceivedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}:{last.EventId}"));

    public static (long ReceivedAtMs, string EventId) ParseToken(string token)
    {
        if (token.Length == 0)
        {
            return (long.MinValue, "");
        }
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split(':', 3);
            if (parts.Length == 3 && parts[0] == TokenVersion && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
            {
                return (ms, parts[2]);
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below.
        }
        throw LedgerErrors.Invalid("page_token", "page_token is not a token this list returned.").ToException();
    }
}

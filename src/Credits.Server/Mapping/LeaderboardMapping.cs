using Credits.Ledger.Analytics;
using Credits.Ledger.Errors;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using Badge = Credits.Ledger.Analytics.Badge;
using BadgeKind = Credits.Ledger.Analytics.BadgeKind;
using UsageGranularity = Credits.Ledger.Analytics.UsageGranularity;

namespace Credits.Server.Mapping;

/// <summary>The leaderboard's and badges' messages to and from the domain.</summary>
internal static class LeaderboardMapping
{
    /// <summary>Places listed when the request leaves <c>top</c> at 0.</summary>
    public const int DefaultTop = 10;

    public static UsageGranularity ToPeriod(this GetLeaderboardRequest request) => request.Period switch
    {
        V1.UsageGranularity.Unspecified or V1.UsageGranularity.Month => UsageGranularity.Month,
        V1.UsageGranularity.Week => UsageGranularity.Week,
        _ => throw LedgerErrors.Invalid("period", "A leaderboard covers a WEEK or a MONTH.").ToException(),
    };

    public static int ToTop(this GetLeaderboardRequest request) => request.Top == 0 ? DefaultTop : request.Top;

    /// <summary>The display name to set, or null to leave the board.</summary>
    public static string? ToDisplayName(this SetLeaderboardParticipationRequest request) =>
        request.Participate ? request.DisplayName : null;

    public static GetLeaderboardResponse ToProto(this LeaderboardStanding standing)
    {
        var response = new GetLeaderboardResponse
        {
            StartTime = Timestamp.FromDateTimeOffset(standing.Start),
            EndTime = Timestamp.FromDateTimeOffset(standing.End),
        };
        response.Places.AddRange(standing.Places.Select(place => new V1.LeaderboardPlace
        {
            Rank = place.Rank,
            DisplayName = place.DisplayName,
            CreditsEarned = place.CreditsEarned,
        }));
        return response;
    }

    public static ListBadgesResponse ToProto(this BadgeList badges)
    {
        var response = new ListBadgesResponse
        {
            CreditsUsed = badges.CreditsUsed,
            NextCreditsUsedMilestone = badges.NextCreditsUsedMilestone ?? 0,
        };
        response.Badges.AddRange(badges.Earned.Select(ToProto));
        return response;
    }

    private static V1.Badge ToProto(Badge badge) => new()
    {
        Kind = badge.Kind switch
        {
            BadgeKind.FirstPurchase => V1.BadgeKind.FirstPurchase,
            BadgeKind.CreditsUsed => V1.BadgeKind.CreditsUsed,
            BadgeKind.Referrals => V1.BadgeKind.Referrals,
            _ => V1.BadgeKind.Unspecified,
        },
        Milestone = badge.Milestone,
        EarnedAt = Timestamp.FromDateTimeOffset(badge.EarnedAt),
    };
}

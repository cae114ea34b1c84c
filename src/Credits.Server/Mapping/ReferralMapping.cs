using Credits.Ledger.Commands;
using Credits.Ledger.Referrals;
using Google.Protobuf.WellKnownTypes;
using V1 = Credits.V1;

namespace Credits.Server.Mapping;

/// <summary>ReferralService requests to domain commands and results back. Only shapes change here.</summary>
internal static class ReferralMapping
{
    public static ApplyReferralCommand ToCommand(this V1.ApplyReferralCodeRequest request, string actor) =>
        new(actor, request.RefereeAccountId, request.Code, request.IdempotencyKey);

    public static V1.ApplyReferralCodeResponse ToResponse(this ApplyReferralResult result) => new()
    {
        ReferrerAccountId = result.ReferrerAccountId,
        AppliedAt = Timestamp.FromDateTimeOffset(result.AppliedAt),
    };

    public static V1.ListReferralsResponse ToResponse(this ReferralPage page)
    {
        var response = new V1.ListReferralsResponse { NextPageToken = page.NextPageToken };
        foreach (var referral in page.Referrals)
        {
            var proto = new V1.Referral
            {
                RefereeAccountId = referral.RefereeAccountId,
                AppliedAt = Timestamp.FromDateTimeOffset(referral.AppliedAt),
                State = referral.State switch
                {
                    ReferralState.Pending => V1.ReferralState.Pending,
                    ReferralState.Rewarded => V1.ReferralState.Rewarded,
                    ReferralState.Capped => V1.ReferralState.Capped,
                    _ => V1.ReferralState.Unspecified,
                },
            };
            if (referral.RewardedAt is { } rewardedAt)
            {
                proto.RewardedAt = Timestamp.FromDateTimeOffset(rewardedAt);
            }
            response.Referrals.Add(proto);
        }
        return response;
    }
}

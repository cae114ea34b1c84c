using Credits.Ledger;
using Credits.Server.Auth;
using Credits.Server.Mapping;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Services;

/// <summary>
/// The <c>credits.v1.ReferralService</c> endpoint: referral codes, applying them, listing referrals.
/// Each method makes one call into <see cref="CreditLedger"/>; the scope table and the end-user
/// token rule decide who may call it. Rewards are not here: payments decide them (docs/referrals.md).
/// </summary>
internal sealed class ReferralGrpcService(CreditLedger ledger) : ReferralService.ReferralServiceBase
{
    /// <inheritdoc />
    public override async Task<GetReferralCodeResponse> GetReferralCode(GetReferralCodeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return new GetReferralCodeResponse { Code = await ledger.GetReferralCodeAsync(request.AccountId, context.CancellationToken) };
    }

    /// <inheritdoc />
    public override async Task<ApplyReferralCodeResponse> ApplyReferralCode(ApplyReferralCodeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var result = await ledger.ApplyReferralAsync(request.ToCommand(CallerContext.Get(context).Name), context.CancellationToken);
        return result.ToResponse();
    }

    /// <inheritdoc />
    public override async Task<ListReferralsResponse> ListReferrals(ListReferralsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var page = await ledger.ListReferralsAsync(request.AccountId, request.PageSize, request.PageToken, context.CancellationToken);
        return page.ToResponse();
    }
}

using Credits.Ledger;
using Credits.Server.Auth;
using Credits.Server.Mapping;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Services;

/// <summary>
/// The <c>credits.v1.GiftService</c> endpoint: gift codes. Each method maps the request to a
/// domain command whose actor is the caller, makes one call into <see cref="CreditLedger"/> and maps
/// the result back; the scope table and the end-user token rule decide who may call it.
/// </summary>
internal sealed class GiftGrpcService(CreditLedger ledger) : GiftService.GiftServiceBase
{
    /// <inheritdoc />
    public override async Task<CreateGiftCodesResponse> CreateGiftCodes(CreateGiftCodesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var result = await ledger.CreateGiftCodesAsync(request.ToCommand(CallerContext.Get(context).Name), context.CancellationToken);
        return result.ToResponse();
    }

    /// <inheritdoc />
    public override async Task<RedeemGiftCodeResponse> RedeemGiftCode(RedeemGiftCodeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var result = await ledger.RedeemGiftCodeAsync(request.ToCommand(CallerContext.Get(context).Name), context.CancellationToken);
        return result.ToResponse();
    }

    /// <inheritdoc />
    public override async Task<RevokeGiftCodeResponse> RevokeGiftCode(RevokeGiftCodeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var result = await ledger.RevokeGiftCodeAsync(request.ToCommand(CallerContext.Get(context).Name), context.CancellationToken);
        return result.ToResponse();
    }

    /// <inheritdoc />
    public override async Task<ListGiftCodesResponse> ListGiftCodes(ListGiftCodesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var page = await ledger.ListGiftCodesAsync(request.IssuerAccountId, request.State.ToStateFilter(), request.PageSize, request.PageToken,
            context.CancellationToken);
        return page.ToResponse();
    }

    /// <inheritdoc />
    public override async Task<BulkGiftResponse> BulkGift(BulkGiftRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var result = await ledger.BulkGiftAsync(request.ToCommand(CallerContext.Get(context).Name), context.CancellationToken);
        return result.ToResponse();
    }
}

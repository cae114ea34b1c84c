using Credits.Ledger.Commands;
using Credits.Ledger.Errors;
using Credits.Ledger.GiftCodes;
using Google.Protobuf.WellKnownTypes;
using V1 = Credits.V1;

namespace Credits.Server.Mapping;

/// <summary>GiftService requests to domain commands and results back. Only shapes change here.</summary>
internal static class GiftMapping
{
    public static CreateGiftCodesCommand ToCommand(this V1.CreateGiftCodesRequest request, string actor) => new(
        actor,
        request.IssuerAccountId,
        request.Amount,
        request.Count,
        request.ExpiresAt is { } expiresAt
            ? RequestMapping.ToDateTimeOffset(expiresAt, "expires_at")
            : throw LedgerErrors.Invalid("expires_at", "expires_at is required.").ToException(),
        request.IdempotencyKey);

    public static RedeemGiftCodeCommand ToCommand(this V1.RedeemGiftCodeRequest request, string actor) =>
        new(actor, request.Code, request.AccountId, request.IdempotencyKey);

    public static RevokeGiftCodeCommand ToCommand(this V1.RevokeGiftCodeRequest request, string actor) =>
        new(actor, request.IssuerAccountId, request.CodeId, request.IdempotencyKey);

    public static BulkGiftCommand ToCommand(this V1.BulkGiftRequest request, string actor) => new(
        actor,
        request.FromAccountId,
        request.Recipients.Select(recipient => new BulkGiftRecipient(recipient.AccountId, recipient.Amount)).ToList(),
        request.IdempotencyKey,
        request.Note);

    public static V1.BulkGiftResponse ToResponse(this BulkGiftResult result) => new()
    {
        Moved = result.Moved,
        Recipients = result.Recipients,
        FromBalance = result.FromBalance.ToProto(),
    };

    /// <summary>The state filter of a list: UNSPECIFIED is every state; a value this server does not know is bad input.</summary>
    public static GiftCodeState? ToStateFilter(this V1.GiftCodeState state) => state switch
    {
        V1.GiftCodeState.Unspecified => null,
        V1.GiftCodeState.Active or V1.GiftCodeState.Redeemed or V1.GiftCodeState.Revoked or V1.GiftCodeState.Expired => (GiftCodeState)(int)state,
        _ => throw LedgerErrors.Invalid("state", "state is not a gift code state.").ToException(),
    };

    public static V1.CreateGiftCodesResponse ToResponse(this CreateGiftCodesResult result)
    {
        var response = new V1.CreateGiftCodesResponse { Escrowed = result.Escrowed, IssuerBalance = result.IssuerBalance.ToProto() };
        response.Codes.AddRange(result.Codes.Select(code => new V1.CreatedGiftCode
        {
            CodeId = code.CodeId,
            Code = code.Code,
            Amount = code.Amount,
            ExpiresAt = Timestamp.FromDateTimeOffset(code.ExpiresAt),
        }));
        return response;
    }

    public static V1.RedeemGiftCodeResponse ToResponse(this RedeemGiftCodeResult result) => new()
    {
        CodeId = result.CodeId,
        Redeemed = result.Redeemed,
        Balance = result.Balance.ToProto(),
    };

    public static V1.RevokeGiftCodeResponse ToResponse(this RevokeGiftCodeResult result) => new()
    {
        CodeId = result.CodeId,
        Returned = result.Returned,
        IssuerBalance = result.IssuerBalance.ToProto(),
    };

    public static V1.ListGiftCodesResponse ToResponse(this GiftCodePage page)
    {
        var response = new V1.ListGiftCodesResponse { NextPageToken = page.NextPageToken };
        response.GiftCodes.AddRange(page.Codes.Select(code => new V1.GiftCode
        {
            CodeId = code.CodeId,
            IssuerAccountId = code.IssuerAccountId,
            DisplaySuffix = code.DisplaySuffix,
            Amount = code.Amount,
            State = (V1.GiftCodeState)(int)code.State,
            CreateTime = Timestamp.FromDateTimeOffset(code.CreatedAt),
            ExpireTime = Timestamp.FromDateTimeOffset(code.ExpiresAt),
            EndedBy = code.EndedBy,
            EndTime = code.EndedAt is { } endedAt ? Timestamp.FromDateTimeOffset(endedAt) : null,
        }));
        return response;
    }
}

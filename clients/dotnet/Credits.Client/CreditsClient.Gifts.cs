using System.Runtime.CompilerServices;
using Credits.Client.Errors;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Credits.Client;

// Gift codes and bulk gifts (credits.v1.GiftService).
public sealed partial class CreditsClient
{
    /// <summary>
    /// Creates <paramref name="count"/> gift codes of <paramref name="amount"/> credits each: the issuer's credits go
    /// into escrow at once (scope <c>ledger:write</c>). The answer is the only time the full codes are shown;
    /// a retry with the same key returns the same codes.
    /// </summary>
    /// <param name="issuerAccountId">The account the credits leave, such as <c>org:acme</c>.</param>
    /// <param name="amount">Credits per code.</param>
    /// <param name="count">Codes to create, 1 to 1,000.</param>
    /// <param name="expiresAt">When unredeemed codes stop working and return to the issuer.</param>
    /// <param name="idempotencyKey">Scoped by the issuer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The codes in full, the credits escrowed and the issuer's balance.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InsufficientCreditsException"/>, <see cref="InvalidRequestException"/>, <see cref="IdempotencyKeyReusedException"/>.</exception>
    public Task<CreateGiftCodesResponse> CreateGiftCodesAsync(string issuerAccountId, long amount, int count, DateTimeOffset expiresAt,
        string idempotencyKey, CancellationToken cancellationToken = default) =>
        UnaryAsync(GiftsRaw.CreateGiftCodesAsync, new CreateGiftCodesRequest
        {
            IssuerAccountId = issuerAccountId,
            Amount = amount,
            Count = count,
            ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt),
            IdempotencyKey = idempotencyKey,
        }, new CallOptions(cancellationToken: cancellationToken));

    /// <summary>
    /// Redeems a gift code into an account, once: its credits arrive as gift lots keeping their expiries
    /// (scope <c>ledger:write</c>, or an end-user token for that account).
    /// </summary>
    /// <param name="code">The code as typed; case, dashes and spaces do not matter.</param>
    /// <param name="accountId">The redeemer, such as <c>user:42</c>.</param>
    /// <param name="idempotencyKey">Scoped by the redeemer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The code's id, the credits that arrived and the redeemer's balance.</returns>
    /// <exception cref="CreditsException">The call failed; the reason is one of <see cref="CreditsErrorReasons.GiftCodeNotFound"/>, <see cref="CreditsErrorReasons.GiftCodeRedeemed"/>, <see cref="CreditsErrorReasons.GiftCodeExpired"/>, <see cref="CreditsErrorReasons.GiftCodeRevoked"/>, <see cref="CreditsErrorReasons.TooManyAttempts"/>, or an <see cref="InvalidRequestException"/> (a mistyped code).</exception>
    public Task<RedeemGiftCodeResponse> RedeemGiftCodeAsync(string code, string accountId, string idempotencyKey, CancellationToken cancellationToken = default) =>
        UnaryAsync(GiftsRaw.RedeemGiftCodeAsync, new RedeemGiftCodeRequest { Code = code, AccountId = accountId, IdempotencyKey = idempotencyKey },
            new CallOptions(cancellationToken: cancellationToken));

    /// <summary>Revokes an active gift code: its escrow goes back to the issuer once (scope <c>ledger:write</c>).</summary>
    /// <param name="issuerAccountId">The account that created the code.</param>
    /// <param name="codeId">The code's id, <c>gift_…</c>.</param>
    /// <param name="idempotencyKey">Scoped by the issuer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The credits returned and the issuer's balance.</returns>
    /// <exception cref="CreditsException">The call failed; the reason is one of <see cref="CreditsErrorReasons.GiftCodeNotFound"/>, <see cref="CreditsErrorReasons.GiftCodeRedeemed"/>, <see cref="CreditsErrorReasons.GiftCodeExpired"/>, <see cref="CreditsErrorReasons.GiftCodeRevoked"/>.</exception>
    public Task<RevokeGiftCodeResponse> RevokeGiftCodeAsync(string issuerAccountId, string codeId, string idempotencyKey,
        CancellationToken cancellationToken = default) =>
        UnaryAsync(GiftsRaw.RevokeGiftCodeAsync, new RevokeGiftCodeRequest { IssuerAccountId = issuerAccountId, CodeId = codeId, IdempotencyKey = idempotencyKey },
            new CallOptions(cancellationToken: cancellationToken));

    /// <summary>
    /// Lists an issuer's gift codes, newest first, fetching pages as enumeration goes (scope <c>ledger:read</c>);
    /// never the codes themselves, only their ids and last groups.
    /// </summary>
    /// <param name="issuerAccountId">The issuer.</param>
    /// <param name="state">Only codes in this state; <see cref="GiftCodeState.Unspecified"/> for all.</param>
    /// <param name="pageSize">Codes per call: 0 lets the server choose (50); at most 500.</param>
    /// <param name="cancellationToken">Cancels the call in flight.</param>
    /// <returns>The codes; each page is one call with the default deadline.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is negative.</exception>
    /// <exception cref="CreditsException">Raised while enumerating when a call fails.</exception>
    public IAsyncEnumerable<GiftCode> ListGiftCodesAsync(string issuerAccountId, GiftCodeState state = GiftCodeState.Unspecified, int pageSize = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(issuerAccountId);
        ArgumentOutOfRangeException.ThrowIfNegative(pageSize);
        return ReadGiftCodesAsync(new ListGiftCodesRequest { IssuerAccountId = issuerAccountId, State = state, PageSize = pageSize }, cancellationToken);
    }

    /// <summary>
    /// Gives credits from one account to many in one transaction, all or nothing (scope <c>ledger:write</c>);
    /// the sender's daily transfer limit applies to the total.
    /// </summary>
    /// <param name="request">The sender, 1 to 1,000 recipients, the key and an optional note.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The credits moved, the number of recipients and the sender's balance.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InsufficientCreditsException"/>, <see cref="InvalidRequestException"/> naming the recipient, or reason <see cref="CreditsErrorReasons.TransferLimitExceeded"/>.</exception>
    public Task<BulkGiftResponse> BulkGiftAsync(BulkGiftRequest request, CancellationToken cancellationToken = default) =>
        UnaryAsync(GiftsRaw.BulkGiftAsync, request, new CallOptions(cancellationToken: cancellationToken));

    private async IAsyncEnumerable<GiftCode> ReadGiftCodesAsync(ListGiftCodesRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        do
        {
            var page = await UnaryAsync(GiftsRaw.ListGiftCodesAsync, request, new CallOptions(cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var code in page.GiftCodes)
            {
                yield return code;
            }
            request = request.Clone();
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
    }
}

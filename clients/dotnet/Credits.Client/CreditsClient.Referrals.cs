using System.Runtime.CompilerServices;
using Credits.Client.Errors;
using Credits.V1;
using Grpc.Core;

namespace Credits.Client;

// Referrals (credits.v1.ReferralService; docs/referrals.md).
public sealed partial class CreditsClient
{
    /// <summary>The user's referral code, <c>XXXX-XXXX-XXXX</c>, created on first ask and stable after (scope <c>ledger:read</c>).</summary>
    /// <param name="accountId">The user, <c>user:&lt;id&gt;</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The code.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/> (not a user).</exception>
    public async Task<string> GetReferralCodeAsync(string accountId, CancellationToken cancellationToken = default) =>
        (await UnaryAsync(ReferralsRaw.GetReferralCodeAsync, new GetReferralCodeRequest { AccountId = accountId },
            new CallOptions(cancellationToken: cancellationToken)).ConfigureAwait(false)).Code;

    /// <summary>Applies a referral code to a new user at sign-up (scope <c>ledger:write</c>); both sides are rewarded at its first payment.</summary>
    /// <param name="refereeAccountId">The new user.</param>
    /// <param name="code">The referrer's code as shared (case, spaces and dashes do not matter).</param>
    /// <param name="idempotencyKey">Scoped by the referee.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The referrer and when the code was applied.</returns>
    /// <exception cref="CreditsException">The call failed; the reason is one of <see cref="CreditsErrorReasons.ReferralCodeNotFound"/>, <see cref="CreditsErrorReasons.ReferralSelf"/>, <see cref="CreditsErrorReasons.ReferralCircular"/>, <see cref="CreditsErrorReasons.AlreadyReferred"/>, <see cref="CreditsErrorReasons.ReferralNotNew"/>, or an <see cref="InvalidRequestException"/>.</exception>
    public Task<ApplyReferralCodeResponse> ApplyReferralCodeAsync(string refereeAccountId, string code, string idempotencyKey,
        CancellationToken cancellationToken = default) =>
        UnaryAsync(ReferralsRaw.ApplyReferralCodeAsync,
            new ApplyReferralCodeRequest { RefereeAccountId = refereeAccountId, Code = code, IdempotencyKey = idempotencyKey },
            new CallOptions(cancellationToken: cancellationToken));

    /// <summary>The accounts a user referred, newest first, fetching pages as enumeration goes (scope <c>ledger:read</c>).</summary>
    /// <param name="accountId">The referrer.</param>
    /// <param name="pageSize">Referrals per call: 0 lets the server choose (50); at most 500.</param>
    /// <param name="cancellationToken">Cancels the call in flight.</param>
    /// <returns>The referrals with their reward state.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is negative.</exception>
    /// <exception cref="CreditsException">Raised while enumerating when a call fails.</exception>
    public IAsyncEnumerable<Referral> ListReferralsAsync(string accountId, int pageSize = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentOutOfRangeException.ThrowIfNegative(pageSize);
        return ReadReferralsAsync(new ListReferralsRequest { AccountId = accountId, PageSize = pageSize }, cancellationToken);
    }

    private async IAsyncEnumerable<Referral> ReadReferralsAsync(ListReferralsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        do
        {
            var page = await UnaryAsync(ReferralsRaw.ListReferralsAsync, request, new CallOptions(cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var referral in page.Referrals)
            {
                yield return referral;
            }
            request = request.Clone();
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
    }
}

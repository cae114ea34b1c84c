using System.Runtime.CompilerServices;
using Credits.Client.Errors;
using Credits.V1;
using Grpc.Core;

namespace Credits.Client;

// Enterprise pools: membership and each member's usage this period (scope admin, or a pool admin's
// end-user token for its own pool), with the client's error translation and default deadline.
public sealed partial class CreditsClient
{
    /// <summary>Adds a member to a pool, or a removed member again with new terms; a retry with the same key returns the first answer.</summary>
    /// <param name="request">The pool, the member, its limit, period and role, and the idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The member as added.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/>, or POOL_MEMBER_EXISTS for an active member.</exception>
    public async Task<PoolMember> AddPoolMemberAsync(AddPoolMemberRequest request, CancellationToken cancellationToken = default) =>
        (await UnaryAsync(PoolsRaw.AddPoolMemberAsync, request, new CallOptions(cancellationToken: cancellationToken)).ConfigureAwait(false)).Member;

    /// <summary>Sets an active member's limit, period and role; usage so far stays.</summary>
    /// <param name="request">The pool, the member, its new terms and the idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The member after the change.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/>, or NOT_A_POOL_MEMBER.</exception>
    public async Task<PoolMember> UpdatePoolMemberAsync(UpdatePoolMemberRequest request, CancellationToken cancellationToken = default) =>
        (await UnaryAsync(PoolsRaw.UpdatePoolMemberAsync, request, new CallOptions(cancellationToken: cancellationToken)).ConfigureAwait(false)).Member;

    /// <summary>Removes an active member: its new reserves are refused; its open holds still end normally.</summary>
    /// <param name="poolAccountId">The pool, such as <c>org:acme</c>.</param>
    /// <param name="memberAccountId">The member, such as <c>user:42</c>.</param>
    /// <param name="idempotencyKey">A retry with the same key returns the first answer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The member as removed.</returns>
    /// <exception cref="CreditsException">The call failed; typically NOT_A_POOL_MEMBER.</exception>
    public async Task<PoolMember> RemovePoolMemberAsync(string poolAccountId, string memberAccountId, string idempotencyKey,
        CancellationToken cancellationToken = default) =>
        (await UnaryAsync(PoolsRaw.RemovePoolMemberAsync,
            new RemovePoolMemberRequest { PoolAccountId = poolAccountId, MemberAccountId = memberAccountId, IdempotencyKey = idempotencyKey },
            new CallOptions(cancellationToken: cancellationToken)).ConfigureAwait(false)).Member;

    /// <summary>Sets a pool's fallback: with <see cref="PoolFallback.MemberAccount"/> a member's reserve the pool or its allowance cannot cover is taken whole from the member's own account.</summary>
    /// <param name="poolAccountId">The pool, such as <c>org:acme</c>.</param>
    /// <param name="fallback"><see cref="PoolFallback.None"/> or <see cref="PoolFallback.MemberAccount"/>.</param>
    /// <param name="idempotencyKey">A retry with the same key returns the first answer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pool's policy as set.</returns>
    /// <exception cref="CreditsException">The call failed; typically INVALID_REQUEST.</exception>
    public async Task<SetPoolPolicyResponse> SetPoolPolicyAsync(string poolAccountId, PoolFallback fallback, string idempotencyKey,
        CancellationToken cancellationToken = default) =>
        await UnaryAsync(PoolsRaw.SetPoolPolicyAsync,
            new SetPoolPolicyRequest { PoolAccountId = poolAccountId, Fallback = fallback, IdempotencyKey = idempotencyKey },
            new CallOptions(cancellationToken: cancellationToken)).ConfigureAwait(false);

    /// <summary>A pool's members by member id, each with its usage this period, fetching pages as enumeration goes.</summary>
    /// <param name="poolAccountId">The pool, such as <c>org:acme</c>.</param>
    /// <param name="includeRemoved">True: removed members too.</param>
    /// <param name="pageSize">Members per call: 0 lets the server choose (50); at most 500.</param>
    /// <param name="cancellationToken">Cancels the call in flight.</param>
    /// <returns>The members; each page is one call with the default deadline.</returns>
    /// <exception cref="CreditsException">Raised while enumerating when a call fails.</exception>
    public IAsyncEnumerable<PoolMember> ListPoolMembersAsync(string poolAccountId, bool includeRemoved = false, int pageSize = 0,
        CancellationToken cancellationToken = default) =>
        ReadPagesAsync(async (token, cancel) =>
        {
            var page = await UnaryAsync(PoolsRaw.ListPoolMembersAsync, new ListPoolMembersRequest
            {
                PoolAccountId = poolAccountId, IncludeRemoved = includeRemoved, PageSize = pageSize, PageToken = token,
            }, new CallOptions(cancellationToken: cancel)).ConfigureAwait(false);
            return (page.Members, page.NextPageToken);
        }, cancellationToken);

    /// <summary>Every member of a pool, removed ones too, with what it holds and committed this period (GetPoolUsage), page by page.</summary>
    /// <param name="poolAccountId">The pool, such as <c>org:acme</c>.</param>
    /// <param name="pageSize">Members per call: 0 lets the server choose (50); at most 500.</param>
    /// <param name="cancellationToken">Cancels the call in flight.</param>
    /// <returns>The members with their usage; each page is one call with the default deadline.</returns>
    /// <exception cref="CreditsException">Raised while enumerating when a call fails.</exception>
    public IAsyncEnumerable<PoolMember> GetPoolUsageAsync(string poolAccountId, int pageSize = 0, CancellationToken cancellationToken = default) =>
        ReadPagesAsync(async (token, cancel) =>
        {
            var page = await UnaryAsync(PoolsRaw.GetPoolUsageAsync, new GetPoolUsageRequest
            {
                PoolAccountId = poolAccountId, PageSize = pageSize, PageToken = token,
            }, new CallOptions(cancellationToken: cancel)).ConfigureAwait(false);
            return (page.Members, page.NextPageToken);
        }, cancellationToken);

    private static async IAsyncEnumerable<PoolMember> ReadPagesAsync(
        Func<string, CancellationToken, Task<(IEnumerable<PoolMember> Members, string NextPageToken)>> readPage,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var token = "";
        do
        {
            var (members, next) = await readPage(token, cancellationToken).ConfigureAwait(false);
            foreach (var member in members)
            {
                yield return member;
            }
            token = next;
        }
        while (token.Length > 0);
    }
}

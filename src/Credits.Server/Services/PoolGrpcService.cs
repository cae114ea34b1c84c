using Credits.Ledger;
using Credits.Ledger.Commands;
using Credits.Ledger.Errors;
using Credits.Server.Auth;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using DomainFallback = Credits.Ledger.Pools.PoolFallback;
using DomainPeriod = Credits.Ledger.Pools.PoolPeriod;
using DomainRole = Credits.Ledger.Pools.PoolRole;
using DomainView = Credits.Ledger.Pools.PoolMemberView;

namespace Credits.Server.Services;

/// <summary>
/// The <c>credits.v1.PoolService</c> endpoint: each method maps the request to one pool command or
/// read and maps the member back; authentication and error mapping are the interceptors' work. An
/// API key needs scope <c>admin</c> (<see cref="Scopes"/>); an end-user token is let through by
/// <see cref="EndUserAccess"/> and checked here, for the pool it names, by <see cref="AuthorizeAsync"/>.
/// </summary>
internal sealed class PoolGrpcService(CreditLedger ledger) : PoolService.PoolServiceBase
{
    /// <inheritdoc />
    public override async Task<AddPoolMemberResponse> AddPoolMember(AddPoolMemberRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        await AuthorizeAsync(context, request.PoolAccountId);
        var result = await ledger.AddPoolMemberAsync(new AddPoolMemberCommand(CallerContext.Get(context).Name, request.PoolAccountId,
            request.MemberAccountId, request.HasLimit ? request.Limit : null, ToPeriod(request.Period), ToRole(request.Role), request.IdempotencyKey),
            context.CancellationToken);
        return new AddPoolMemberResponse { Member = ToProto(result.Member) };
    }

    /// <inheritdoc />
    public override async Task<UpdatePoolMemberResponse> UpdatePoolMember(UpdatePoolMemberRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        await AuthorizeAsync(context, request.PoolAccountId);
        var result = await ledger.UpdatePoolMemberAsync(new UpdatePoolMemberCommand(CallerContext.Get(context).Name, request.PoolAccountId,
            request.MemberAccountId, request.HasLimit ? request.Limit : null, ToPeriod(request.Period), ToRole(request.Role), request.IdempotencyKey),
            context.CancellationToken);
        return new UpdatePoolMemberResponse { Member = ToProto(result.Member) };
    }

    /// <inheritdoc />
    public override async Task<RemovePoolMemberResponse> RemovePoolMember(RemovePoolMemberRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        await AuthorizeAsync(context, request.PoolAccountId);
        var result = await ledger.RemovePoolMemberAsync(new RemovePoolMemberCommand(CallerContext.Get(context).Name, request.PoolAccountId,
            request.MemberAccountId, request.IdempotencyKey), context.CancellationToken);
        return new RemovePoolMemberResponse { Member = ToProto(result.Member) };
    }

    /// <inheritdoc />
    public override async Task<ListPoolMembersResponse> ListPoolMembers(ListPoolMembersRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        await AuthorizeAsync(context, request.PoolAccountId);
        var page = await ledger.ListPoolMembersAsync(request.PoolAccountId, request.PageSize, request.PageToken, request.IncludeRemoved,
            context.CancellationToken);
        return new ListPoolMembersResponse { Members = { page.Members.Select(ToProto) }, NextPageToken = page.NextPageToken };
    }

    /// <inheritdoc />
    public override async Task<GetPoolUsageResponse> GetPoolUsage(GetPoolUsageRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        await AuthorizeAsync(context, request.PoolAccountId);
        // Removed members too: their holds of this period still count in the pool's spending.
        var page = await ledger.ListPoolMembersAsync(request.PoolAccountId, request.PageSize, request.PageToken, includeRemoved: true,
            context.CancellationToken);
        return new GetPoolUsageResponse { Members = { page.Members.Select(ToProto) }, NextPageToken = page.NextPageToken };
    }

    /// <inheritdoc />
    public override async Task<SetPoolPolicyResponse> SetPoolPolicy(SetPoolPolicyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        await AuthorizeAsync(context, request.PoolAccountId);
        var fallback = request.Fallback switch
        {
            PoolFallback.None => DomainFallback.None,
            PoolFallback.MemberAccount => DomainFallback.MemberAccount,
            _ => throw LedgerErrors.Invalid("fallback", "fallback must be POOL_FALLBACK_NONE or POOL_FALLBACK_MEMBER_ACCOUNT.").ToException(),
        };
        var result = await ledger.SetPoolPolicyAsync(new SetPoolPolicyCommand(CallerContext.Get(context).Name, request.PoolAccountId, fallback,
            request.IdempotencyKey), context.CancellationToken);
        return new SetPoolPolicyResponse
        {
            PoolAccountId = result.PoolAccountId,
            Fallback = result.Fallback == DomainFallback.MemberAccount ? PoolFallback.MemberAccount : PoolFallback.None,
        };
    }

    // An API key got here with scope admin. A token may only manage a pool its account is an active
    // admin of, read now: a removal or a demotion takes effect at the admin's next call.
    private async Task AuthorizeAsync(ServerCallContext context, string poolAccountId)
    {
        if (EndUserAccess.TokenAccount(CallerContext.Get(context)) is not { } account)
        {
            return;
        }
        var member = await ledger.FindPoolMemberAsync(poolAccountId, account, context.CancellationToken);
        if (member is not { RemovedAt: null, Role: DomainRole.Admin })
        {
            throw EndUserTokenErrors.PoolDenied(poolAccountId);
        }
    }

    // The wire enums start at UNSPECIFIED = 0 (AIP-126); the domain's start at their first value.
    private static DomainPeriod ToPeriod(PoolPeriod period) => period switch
    {
        PoolPeriod.None => DomainPeriod.None,
        PoolPeriod.Day => DomainPeriod.Day,
        PoolPeriod.Week => DomainPeriod.Week,
        PoolPeriod.Month => DomainPeriod.Month,
        _ => throw LedgerErrors.Invalid("period", "period must be one of the POOL_PERIOD_ values other than POOL_PERIOD_UNSPECIFIED.").ToException(),
    };

    private static DomainRole ToRole(PoolRole role) => role switch
    {
        PoolRole.Member => DomainRole.Member,
        PoolRole.Admin => DomainRole.Admin,
        _ => throw LedgerErrors.Invalid("role", "role must be POOL_ROLE_MEMBER or POOL_ROLE_ADMIN.").ToException(),
    };

    private static PoolMember ToProto(DomainView member)
    {
        var proto = new PoolMember
        {
            PoolAccountId = member.PoolAccountId,
            MemberAccountId = member.MemberAccountId,
            Period = (PoolPeriod)((int)member.Period + 1),
            Role = (PoolRole)((int)member.Role + 1),
            AddTime = Timestamp.FromDateTimeOffset(member.AddedAt),
            RemoveTime = member.RemovedAt is { } removed ? Timestamp.FromDateTimeOffset(removed) : null,
            Used = member.Used,
            PeriodStartTime = Timestamp.FromDateTimeOffset(member.PeriodStart),
            Held = member.Held,
            Committed = member.Committed,
        };
        if (member.Limit is { } limit)
        {
            proto.Limit = limit;
        }
        return proto;
    }
}

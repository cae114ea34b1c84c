using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Pools;

/// <summary>
/// PoolService and Reserve on behalf of a member through a real server and the generated clients:
/// admin scope for membership, each refusal as its status and ErrorInfo reason from the one error table.
/// </summary>
public sealed class PoolRpcTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private PoolService.PoolServiceClient Pools => new(Server.Channel);

    private static Metadata Admin => LedgerServer.Bearer(TestKeys.Admin);

    private Task<AddPoolMemberResponse> AddMember(string pool, string member, long limit, string? key = null) =>
        Pools.AddPoolMemberAsync(new AddPoolMemberRequest
        {
            PoolAccountId = pool, MemberAccountId = member, Limit = limit, Period = PoolPeriod.Day, Role = PoolRole.Member,
            IdempotencyKey = key ?? NewKey(),
        }, Admin).ResponseAsync;

    private Task<ReserveResponse> ReserveFor(string pool, string member, long amount)
    {
        var request = ReserveRequest(pool, amount);
        request.OnBehalfOf = member;
        return Raw.ReserveAsync(request, LedgerServer.Bearer(TestKeys.Writer)).ResponseAsync;
    }

    [Test]
    public async Task A_member_added_by_an_admin_reserves_from_the_pool_and_the_listing_shows_its_usage()
    {
        var (pool, ann) = (NewAccount("org"), NewAccount());
        await Grant(pool, 1_000);

        var added = await AddMember(pool, ann, 100, key: "add-1");
        var retry = await AddMember(pool, ann, 100, key: "add-1");
        var hold = await ReserveFor(pool, ann, 40);
        await Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId, Amount = 15 });
        var listed = await Pools.ListPoolMembersAsync(new ListPoolMembersRequest { PoolAccountId = pool, PageSize = 10 }, Admin);

        Assert.That(retry, Is.EqualTo(added));
        Assert.That((added.Member.Limit, added.Member.Period, added.Member.Role, added.Member.Used),
            Is.EqualTo((100L, PoolPeriod.Day, PoolRole.Member, 0L)));
        Assert.That(hold.Balance.Available, Is.EqualTo(960));
        Assert.That(listed.Members.Select(member => (member.MemberAccountId, member.Used)), Is.EqualTo(new[] { (ann, 15L) }));
        Assert.That(listed.NextPageToken, Is.Empty);
    }

    [Test]
    public async Task Over_the_limit_is_resource_exhausted_and_a_stranger_or_a_removed_member_is_failed_precondition()
    {
        var (pool, ann) = (NewAccount("org"), NewAccount());
        await Grant(pool, 1_000);
        await AddMember(pool, ann, 10);

        var over = await RpcFailure(() => ReserveFor(pool, ann, 11));
        var stranger = await RpcFailure(() => ReserveFor(pool, NewAccount(), 1));
        await Pools.RemovePoolMemberAsync(new RemovePoolMemberRequest { PoolAccountId = pool, MemberAccountId = ann, IdempotencyKey = NewKey() }, Admin);
        var removed = await RpcFailure(() => ReserveFor(pool, ann, 1));

        Assert.That((over.StatusCode, ErrorInfoOf(over).Reason), Is.EqualTo((StatusCode.ResourceExhausted, "MEMBER_LIMIT_EXCEEDED")));
        Assert.That(ErrorInfoOf(over).Metadata, Is.EqualTo(new Dictionary<string, string> { ["limit"] = "10", ["used"] = "0", ["requested"] = "11" }));
        Assert.That((stranger.StatusCode, ErrorInfoOf(stranger).Reason), Is.EqualTo((StatusCode.FailedPrecondition, "NOT_A_POOL_MEMBER")));
        Assert.That((removed.StatusCode, ErrorInfoOf(removed).Reason), Is.EqualTo((StatusCode.FailedPrecondition, "NOT_A_POOL_MEMBER")));
        Assert.That((await Writer.GetBalanceAsync(pool)).Available, Is.EqualTo(1_000));
    }

    [Test]
    public async Task Membership_needs_the_admin_scope_and_bad_terms_name_their_field()
    {
        var (pool, ann) = (NewAccount("org"), NewAccount());
        var request = new AddPoolMemberRequest { PoolAccountId = pool, MemberAccountId = ann, Period = PoolPeriod.Month, Role = PoolRole.Member, IdempotencyKey = NewKey() };

        var denied = await RpcFailure(() => Pools.AddPoolMemberAsync(request, LedgerServer.Bearer(TestKeys.Writer)).ResponseAsync);
        var noPeriod = await RpcFailure(() => Pools.AddPoolMemberAsync(
            new AddPoolMemberRequest(request) { Period = PoolPeriod.Unspecified }, Admin).ResponseAsync);
        await Pools.AddPoolMemberAsync(request, Admin);
        var twice = await RpcFailure(() => Pools.AddPoolMemberAsync(new AddPoolMemberRequest(request) { IdempotencyKey = NewKey() }, Admin).ResponseAsync);

        Assert.That(denied.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That((noPeriod.StatusCode, BadRequestOf(noPeriod)!.FieldViolations.Single().Field), Is.EqualTo((StatusCode.InvalidArgument, "period")));
        Assert.That((twice.StatusCode, ErrorInfoOf(twice).Reason), Is.EqualTo((StatusCode.AlreadyExists, "POOL_MEMBER_EXISTS")));
    }

    [Test]
    public async Task An_update_keeps_the_usage_and_a_lower_limit_refuses_the_next_reserve()
    {
        var (pool, ann) = (NewAccount("org"), NewAccount());
        await Grant(pool, 1_000);
        await AddMember(pool, ann, 100);
        await ReserveFor(pool, ann, 30);

        var update = new UpdatePoolMemberRequest { PoolAccountId = pool, MemberAccountId = ann, Limit = 20, Period = PoolPeriod.Day, Role = PoolRole.Admin, IdempotencyKey = "u-1" };
        var updated = await Pools.UpdatePoolMemberAsync(update, Admin);
        var retried = await Pools.UpdatePoolMemberAsync(update, Admin);
        var reused = await RpcFailure(() => Pools.UpdatePoolMemberAsync(new UpdatePoolMemberRequest(update) { Limit = 999 }, Admin).ResponseAsync);
        var refused = await RpcFailure(() => ReserveFor(pool, ann, 1));

        Assert.That((updated.Member.Limit, updated.Member.Role, updated.Member.Used, updated.Member.Held), Is.EqualTo((20L, PoolRole.Admin, 30L, 30L)));
        Assert.That(retried, Is.EqualTo(updated));
        Assert.That((reused.StatusCode, ErrorInfoOf(reused).Reason), Is.EqualTo((StatusCode.AlreadyExists, "IDEMPOTENCY_KEY_REUSED")));
        Assert.That((refused.StatusCode, ErrorInfoOf(refused).Reason), Is.EqualTo((StatusCode.ResourceExhausted, "MEMBER_LIMIT_EXCEEDED")));
    }

    [Test]
    public async Task Members_and_usage_come_in_pages_by_member_id_and_usage_counts_removed_members()
    {
        var pool = NewAccount("org");
        await Grant(pool, 1_000);
        var members = Enumerable.Range(0, 3).Select(_ => NewAccount()).Order(StringComparer.Ordinal).ToList();
        foreach (var member in members)
        {
            await AddMember(pool, member, 50);
        }
        var hold = await ReserveFor(pool, members[2], 20);
        await Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId, Amount = 5 });
        await ReserveFor(pool, members[2], 7);
        await Pools.RemovePoolMemberAsync(new RemovePoolMemberRequest { PoolAccountId = pool, MemberAccountId = members[2], IdempotencyKey = NewKey() }, Admin);

        var first = await Pools.ListPoolMembersAsync(new ListPoolMembersRequest { PoolAccountId = pool, PageSize = 2, IncludeRemoved = true }, Admin);
        var second = await Pools.ListPoolMembersAsync(new ListPoolMembersRequest { PoolAccountId = pool, PageSize = 2, PageToken = first.NextPageToken, IncludeRemoved = true }, Admin);
        var active = await Pools.ListPoolMembersAsync(new ListPoolMembersRequest { PoolAccountId = pool }, Admin);
        var usage = await Pools.GetPoolUsageAsync(new GetPoolUsageRequest { PoolAccountId = pool }, Admin);
        var badToken = await RpcFailure(() => Pools.GetPoolUsageAsync(new GetPoolUsageRequest { PoolAccountId = pool, PageToken = "nope" }, Admin).ResponseAsync);

        Assert.That(first.Members.Select(member => member.MemberAccountId), Is.EqualTo(members.Take(2)));
        Assert.That((second.Members.Single().MemberAccountId, second.NextPageToken), Is.EqualTo((members[2], "")));
        Assert.That(active.Members.Select(member => member.MemberAccountId), Is.EqualTo(members.Take(2)));
        Assert.That(usage.Members.Select(member => (member.MemberAccountId, member.Used, member.Held, member.Committed, member.RemoveTime is null)),
            Is.EqualTo(new[] { (members[0], 0L, 0L, 0L, true), (members[1], 0L, 0L, 0L, true), (members[2], 12L, 7L, 5L, false) }));
        Assert.That((badToken.StatusCode, BadRequestOf(badToken)!.FieldViolations.Single().Field), Is.EqualTo((StatusCode.InvalidArgument, "page_token")));
    }

    [Test]
    public async Task A_call_without_a_key_is_unauthenticated_and_a_read_key_is_denied()
    {
        var pool = NewAccount("org");

        var anonymous = await RpcFailure(() => Pools.GetPoolUsageAsync(new GetPoolUsageRequest { PoolAccountId = pool }).ResponseAsync);
        var reader = await RpcFailure(() => Pools.ListPoolMembersAsync(new ListPoolMembersRequest { PoolAccountId = pool }, LedgerServer.Bearer(TestKeys.Reader)).ResponseAsync);

        Assert.That(anonymous.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(reader.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
    }
}

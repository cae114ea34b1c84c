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
}

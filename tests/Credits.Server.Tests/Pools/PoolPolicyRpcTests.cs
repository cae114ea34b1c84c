using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Pools;

/// <summary>SetPoolPolicy and the fallback to the member's own account through a real server and the generated clients.</summary>
public sealed class PoolPolicyRpcTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private PoolService.PoolServiceClient Pools => new(Server.Channel);

    private static Metadata Admin => LedgerServer.Bearer(TestKeys.Admin);

    [Test]
    public async Task With_member_account_fallback_a_reserve_past_the_allowance_holds_on_the_member_account_and_the_answer_names_it()
    {
        var (pool, ann) = (NewAccount("org"), NewAccount());
        await Grant(pool, 1_000);
        await Grant(ann, 100);
        await Pools.AddPoolMemberAsync(new AddPoolMemberRequest
        {
            PoolAccountId = pool, MemberAccountId = ann, Limit = 10, Period = PoolPeriod.Day, Role = PoolRole.Member, IdempotencyKey = NewKey(),
        }, Admin);
        var set = new SetPoolPolicyRequest { PoolAccountId = pool, Fallback = PoolFallback.MemberAccount, IdempotencyKey = NewKey() };

        var denied = await RpcFailure(() => Pools.SetPoolPolicyAsync(set, LedgerServer.Bearer(TestKeys.Writer)).ResponseAsync);
        var unspecified = await RpcFailure(() => Pools.SetPoolPolicyAsync(
            new SetPoolPolicyRequest(set) { Fallback = PoolFallback.Unspecified, IdempotencyKey = NewKey() }, Admin).ResponseAsync);
        var first = await Pools.SetPoolPolicyAsync(set, Admin);
        var retry = await Pools.SetPoolPolicyAsync(set, Admin);
        var own = await ReserveFor(pool, ann, 30);
        await Pools.SetPoolPolicyAsync(new SetPoolPolicyRequest(set) { Fallback = PoolFallback.None, IdempotencyKey = NewKey() }, Admin);
        var refused = await RpcFailure(() => ReserveFor(pool, ann, 30));

        Assert.That(denied.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That((unspecified.StatusCode, BadRequestOf(unspecified)!.FieldViolations.Single().Field),
            Is.EqualTo((StatusCode.InvalidArgument, "fallback")));
        Assert.That((first.PoolAccountId, first.Fallback), Is.EqualTo((pool, PoolFallback.MemberAccount)));
        Assert.That(retry, Is.EqualTo(first));
        Assert.That((own.Balance.AccountId, own.Balance.Available, own.Balance.Held), Is.EqualTo((ann, 70L, 30L)));
        Assert.That((refused.StatusCode, ErrorInfoOf(refused).Reason), Is.EqualTo((StatusCode.ResourceExhausted, "MEMBER_LIMIT_EXCEEDED")));
    }

    private Task<ReserveResponse> ReserveFor(string pool, string member, long amount)
    {
        var request = ReserveRequest(pool, amount);
        request.OnBehalfOf = member;
        return Raw.ReserveAsync(request, LedgerServer.Bearer(TestKeys.Writer)).ResponseAsync;
    }
}

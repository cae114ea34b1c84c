using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Pools;

/// <summary>
/// A pool admin's end-user token manages its own pool, from a browser (gRPC-Web) as from a backend:
/// every PoolService method for the pool it is an active admin of, and none for another pool, as a
/// plain member, or once removed (TOKEN_POOL_DENIED). The check reads membership, so both providers.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class PoolAdminTokenTests(DatabaseProvider provider)
{
    private BrowserServer _server = null!;
    private PoolService.PoolServiceClient _browser = null!;
    private PoolService.PoolServiceClient _backend = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await BrowserServer.StartAsync(provider: provider);
        _browser = new PoolService.PoolServiceClient(_server.GrpcWebChannel);
        _backend = new PoolService.PoolServiceClient(_server.GrpcChannel);
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private static string NewAccount(string kind = "user") => $"{kind}:{Guid.NewGuid():N}";

    private Metadata TokenFor(string account) => LedgerServer.Bearer(EndUserTokens.Mint(account, _server.Time.GetUtcNow()));

    private static AddPoolMemberRequest Add(string pool, string member, PoolRole role = PoolRole.Member) => new()
    {
        PoolAccountId = pool, MemberAccountId = member, Limit = 100, Period = PoolPeriod.Month, Role = role, IdempotencyKey = $"k-{Guid.NewGuid():N}",
    };

    private async Task<(string Pool, string Admin)> PoolWithAdminAsync()
    {
        var (pool, admin) = (NewAccount("org"), NewAccount());
        await _backend.AddPoolMemberAsync(Add(pool, admin, PoolRole.Admin), LedgerServer.Bearer(TestKeys.Admin));
        return (pool, admin);
    }

    private static string ReasonOf(RpcException error) => ErrorInfoOf(error).Reason;

    [Test]
    public async Task A_pool_admins_token_adds_updates_lists_reports_and_removes_members_of_its_own_pool()
    {
        var (pool, admin) = await PoolWithAdminAsync();
        var (ann, token) = (NewAccount(), TokenFor(admin));

        await _browser.AddPoolMemberAsync(Add(pool, ann), token);
        var updated = await _browser.UpdatePoolMemberAsync(new UpdatePoolMemberRequest
        {
            PoolAccountId = pool, MemberAccountId = ann, Limit = 5, Period = PoolPeriod.Week, Role = PoolRole.Member, IdempotencyKey = "u",
        }, token);
        var listed = await _browser.ListPoolMembersAsync(new ListPoolMembersRequest { PoolAccountId = pool }, token);
        await _browser.RemovePoolMemberAsync(new RemovePoolMemberRequest { PoolAccountId = pool, MemberAccountId = ann, IdempotencyKey = "r" }, token);
        var usage = await _browser.GetPoolUsageAsync(new GetPoolUsageRequest { PoolAccountId = pool }, token);

        Assert.That((updated.Member.Limit, updated.Member.Period), Is.EqualTo((5L, PoolPeriod.Week)));
        Assert.That(listed.Members.Select(member => member.MemberAccountId), Is.EquivalentTo(new[] { admin, ann }));
        Assert.That(usage.Members.Single(member => member.MemberAccountId == ann).RemoveTime, Is.Not.Null);
    }

    [Test]
    public async Task A_pool_admins_token_is_refused_for_another_pool_and_changes_nothing()
    {
        var (pool, admin) = await PoolWithAdminAsync();
        var (other, _) = await PoolWithAdminAsync();

        var add = await RpcFailure(() => _browser.AddPoolMemberAsync(Add(other, NewAccount()), TokenFor(admin)).ResponseAsync);
        var list = await RpcFailure(() => _browser.ListPoolMembersAsync(new ListPoolMembersRequest { PoolAccountId = other }, TokenFor(admin)).ResponseAsync);

        Assert.That((add.StatusCode, ReasonOf(add)), Is.EqualTo((StatusCode.PermissionDenied, "TOKEN_POOL_DENIED")));
        Assert.That(ErrorInfoOf(add).Metadata["poolAccountId"], Is.EqualTo(other));
        Assert.That((list.StatusCode, ReasonOf(list)), Is.EqualTo((StatusCode.PermissionDenied, "TOKEN_POOL_DENIED")));
        var members = await _backend.ListPoolMembersAsync(new ListPoolMembersRequest { PoolAccountId = other }, LedgerServer.Bearer(TestKeys.Admin));
        Assert.That(members.Members, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_plain_members_token_and_a_removed_admins_token_are_refused()
    {
        var (pool, admin) = await PoolWithAdminAsync();
        var member = NewAccount();
        await _backend.AddPoolMemberAsync(Add(pool, member), LedgerServer.Bearer(TestKeys.Admin));

        var asMember = await RpcFailure(() => _browser.GetPoolUsageAsync(new GetPoolUsageRequest { PoolAccountId = pool }, TokenFor(member)).ResponseAsync);
        await _backend.RemovePoolMemberAsync(new RemovePoolMemberRequest { PoolAccountId = pool, MemberAccountId = admin, IdempotencyKey = "r" },
            LedgerServer.Bearer(TestKeys.Admin));
        var asRemoved = await RpcFailure(() => _browser.AddPoolMemberAsync(Add(pool, NewAccount()), TokenFor(admin)).ResponseAsync);

        Assert.That(ReasonOf(asMember), Is.EqualTo("TOKEN_POOL_DENIED"));
        Assert.That(ReasonOf(asRemoved), Is.EqualTo("TOKEN_POOL_DENIED"));
    }

    [TestCase("org:bad\u0000id")]
    [TestCase("user:not-a-pool")]
    [TestCase("")]
    public async Task A_token_naming_a_malformed_pool_is_told_which_field_before_any_lookup(string pool)
    {
        var (_, admin) = await PoolWithAdminAsync();

        var usage = await RpcFailure(() => _browser.GetPoolUsageAsync(new GetPoolUsageRequest { PoolAccountId = pool }, TokenFor(admin)).ResponseAsync);

        Assert.That((usage.StatusCode, ReasonOf(usage)), Is.EqualTo((StatusCode.InvalidArgument, "INVALID_REQUEST")));
        Assert.That(ErrorInfoOf(usage).Metadata["field"], Is.EqualTo("pool_account_id"));
    }
}

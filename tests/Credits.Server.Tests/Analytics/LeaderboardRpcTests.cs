using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Analytics;

/// <summary>
/// The leaderboard and badges through a real server, with end-user tokens over gRPC and gRPC-Web:
/// a person joins under a name of their choosing, sees the board and their badges, and cannot
/// enter or read anyone else.
/// </summary>
[TestFixture(Transport.Grpc)]
[TestFixture(Transport.GrpcWeb)]
public sealed class LeaderboardRpcTests(Transport transport)
{
    private static readonly List<long> Forty5 = [45];

    private BrowserServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await BrowserServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private AnalyticsService.AnalyticsServiceClient Analytics =>
        new(transport == Transport.GrpcWeb ? _server.GrpcWebChannel : _server.GrpcChannel);

    private Metadata TokenFor(string account) => LedgerServer.Bearer(EndUserTokens.Mint(account, _server.Time.GetUtcNow()));

    private Task<GrantResponse> GrantAsync(string account, long amount, Bucket bucket) =>
        _server.Client(grpcWeb: false).GrantAsync(new GrantRequest
        {
            AccountId = account, Amount = amount, Bucket = bucket, IdempotencyKey = $"g-{Guid.NewGuid():N}",
        }, LedgerServer.Bearer(TestKeys.Writer)).ResponseAsync;

    [Test]
    public async Task A_person_who_joins_sees_their_gifts_on_the_board_under_their_chosen_name()
    {
        var user = $"user:{Guid.NewGuid():N}";
        var name = $"Ada {Guid.NewGuid():N}"[..20];
        var joined = await Analytics.SetLeaderboardParticipationAsync(
            new SetLeaderboardParticipationRequest { AccountId = user, Participate = true, DisplayName = name }, TokenFor(user));
        await GrantAsync(user, 45, Bucket.Gift);

        var board = await Analytics.GetLeaderboardAsync(new GetLeaderboardRequest { Period = UsageGranularity.Month, Top = 100 }, TokenFor(user));

        Assert.That(joined.Participating, Is.True);
        Assert.That(board.Places.Where(place => place.DisplayName == name).Select(place => place.CreditsEarned).ToList(), Is.EqualTo(Forty5));
        Assert.That(board.StartTime.ToDateTimeOffset(), Is.LessThanOrEqualTo(_server.Time.GetUtcNow()));
    }

    [Test]
    public async Task A_token_cannot_put_another_account_on_the_board()
    {
        var error = await RpcFailure(() => Analytics.SetLeaderboardParticipationAsync(
            new SetLeaderboardParticipationRequest { AccountId = $"user:{Guid.NewGuid():N}", Participate = true, DisplayName = "Mallory" },
            TokenFor($"user:{Guid.NewGuid():N}")).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
    }

    [Test]
    public async Task A_daily_board_is_refused_naming_the_period()
    {
        var error = await RpcFailure(() => Analytics.GetLeaderboardAsync(new GetLeaderboardRequest { Period = UsageGranularity.Day },
            TokenFor($"user:{Guid.NewGuid():N}")).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(BadRequestOf(error)!.FieldViolations.Single().Field, Is.EqualTo("period"));
    }

    [Test]
    public async Task A_token_reads_its_own_badges_and_no_one_elses()
    {
        var user = $"user:{Guid.NewGuid():N}";
        await GrantAsync(user, 100, Bucket.Purchased);

        var badges = await Analytics.ListBadgesAsync(new ListBadgesRequest { AccountId = user }, TokenFor(user));
        var error = await RpcFailure(() => Analytics.ListBadgesAsync(new ListBadgesRequest { AccountId = user },
            TokenFor($"user:{Guid.NewGuid():N}")).ResponseAsync);

        Assert.That(badges.Badges.Select(badge => (badge.Kind, badge.Milestone)), Is.EqualTo(new[] { (BadgeKind.FirstPurchase, 1L) }));
        Assert.That(badges.NextCreditsUsedMilestone, Is.EqualTo(100));
        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
    }
}

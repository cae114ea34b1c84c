using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Credits.Server.Tests.Analytics;

/// <summary>
/// AnalyticsService.GetUsage through a real server and the generated client: what the ledger's
/// commits spent, by day and feature, compared with the period before; bad ranges refused with
/// the field named; an end-user token reads its own account's usage only, over gRPC and gRPC-Web.
/// The server's clock starts on 2026-01-01 00:00 UTC.
/// </summary>
public sealed class GetUsageTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private AnalyticsService.AnalyticsServiceClient Analytics => new(Server.Channel);

    private static Timestamp On(int month, int day) => Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, month, day, 0, 0, 0, TimeSpan.Zero));

    private async Task SpendAsync(string account, long quantity)
    {
        var hold = await Writer.ReserveAsync(new ReserveRequest
        {
            AccountId = account, Feature = LedgerServer.Feature, Quantity = quantity, IdempotencyKey = NewKey(),
        });
        await Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId });
    }

    [Test]
    public async Task Usage_by_day_and_feature_with_the_previous_period_reflects_the_commits()
    {
        var account = NewAccount();
        await Grant(account, 1_000);
        await SpendAsync(account, 2);                      // 1 Jan: 10
        Time.Advance(TimeSpan.FromDays(1));
        await SpendAsync(account, 1);                      // 2 Jan: 5
        await SpendAsync(account, 3);                      // 2 Jan: 15

        var response = await Analytics.GetUsageAsync(new GetUsageRequest
        {
            AccountId = account, StartTime = On(1, 2), EndTime = On(1, 3),
            Granularity = UsageGranularity.Day, GroupByFeature = true, ComparePrevious = true,
        }, LedgerServer.Bearer(TestKeys.Reader));

        Assert.That(response.Buckets.Select(bucket => (bucket.StartTime, bucket.Feature, bucket.CreditsSpent, bucket.Operations)),
            Is.EqualTo(new[] { (On(1, 2), LedgerServer.Feature, 20L, 2L) }));
        Assert.That((response.Totals.CreditsSpent, response.PreviousTotals.CreditsSpent), Is.EqualTo((20L, 10L)));
        Assert.That((response.ChangeCredits, response.ChangePercent), Is.EqualTo((10L, 100.0)));
        Assert.That((response.StartTime, response.EndTime), Is.EqualTo((On(1, 2), On(1, 3))));
    }

    [Test]
    public async Task A_range_that_ends_before_it_starts_is_refused_naming_end_time()
    {
        var error = await RpcFailure(() => Analytics.GetUsageAsync(new GetUsageRequest
        {
            AccountId = NewAccount(), StartTime = On(2, 1), EndTime = On(1, 1),
        }, LedgerServer.Bearer(TestKeys.Reader)).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(BadRequestOf(error)!.FieldViolations.Single().Field, Is.EqualTo("end_time"));
    }

    [Test]
    public async Task A_missing_start_time_is_refused_naming_it()
    {
        var error = await RpcFailure(() => Analytics.GetUsageAsync(new GetUsageRequest
        {
            AccountId = NewAccount(), EndTime = On(1, 1),
        }, LedgerServer.Bearer(TestKeys.Reader)).ResponseAsync);

        Assert.That(BadRequestOf(error)!.FieldViolations.Single().Field, Is.EqualTo("start_time"));
    }
}

/// <summary>An end-user token reads its own account's usage, over gRPC and gRPC-Web, and no one else's.</summary>
[TestFixture(Transport.Grpc)]
[TestFixture(Transport.GrpcWeb)]
public sealed class GetUsageTokenTests(Transport transport)
{
    private BrowserServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await BrowserServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private AnalyticsService.AnalyticsServiceClient Analytics =>
        new(transport == Transport.GrpcWeb ? _server.GrpcWebChannel : _server.GrpcChannel);

    private GetUsageRequest Today(string account) => new()
    {
        AccountId = account,
        StartTime = Timestamp.FromDateTimeOffset(_server.Time.GetUtcNow().Date),
        EndTime = Timestamp.FromDateTimeOffset(_server.Time.GetUtcNow().Date.AddDays(1)),
    };

    [Test]
    public async Task A_token_reads_its_own_accounts_usage()
    {
        var user = $"user:{Guid.NewGuid():N}";

        var response = await Analytics.GetUsageAsync(Today(user), LedgerServer.Bearer(EndUserTokens.Mint(user, _server.Time.GetUtcNow())));

        Assert.That(response.Totals.Operations, Is.Zero);
    }

    [Test]
    public async Task A_token_for_user_1_cannot_read_the_usage_of_user_2()
    {
        var token = EndUserTokens.Mint($"user:{Guid.NewGuid():N}", _server.Time.GetUtcNow());

        var error = await RpcFailure(() => Analytics.GetUsageAsync(Today($"user:{Guid.NewGuid():N}"), LedgerServer.Bearer(token)).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
    }
}

/// <summary>
/// AnalyticsService.GetForecast through a real server: the rate, run-out date and top-up of an
/// account that spent 2 credits a day for its three days, read with the account's own token over
/// gRPC and gRPC-Web; the top-up names the smallest pack of the catalogue that covers a month.
/// </summary>
[TestFixture(Transport.Grpc)]
[TestFixture(Transport.GrpcWeb)]
public sealed class GetForecastTests(Transport transport)
{
    private BrowserServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await BrowserServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task A_token_reads_its_own_forecast_with_the_pack_to_buy_before_it_runs_out()
    {
        var user = $"user:{Guid.NewGuid():N}";
        var writer = _server.Client(grpcWeb: false);
        var key = LedgerServer.Bearer(TestKeys.Writer);
        var start = new DateTimeOffset(_server.Time.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        _server.Time.Advance(start - _server.Time.GetUtcNow());
        await writer.GrantAsync(new GrantRequest { AccountId = user, Amount = 500, Bucket = Bucket.Purchased, IdempotencyKey = $"g-{Guid.NewGuid():N}" }, key);
        for (var day = 0; day < 3; day++)
        {
            var hold = await writer.ReserveAsync(new ReserveRequest { AccountId = user, Amount = 2, IdempotencyKey = $"r-{Guid.NewGuid():N}" }, key);
            await writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId }, key);
            _server.Time.Advance(TimeSpan.FromDays(1));
        }
        var analytics = new AnalyticsService.AnalyticsServiceClient(transport == Transport.GrpcWeb ? _server.GrpcWebChannel : _server.GrpcChannel);

        var forecast = await analytics.GetForecastAsync(new GetForecastRequest { AccountId = user },
            LedgerServer.Bearer(EndUserTokens.Mint(user, _server.Time.GetUtcNow())));

        Assert.That((forecast.BurnRatePerDay, forecast.Available, forecast.WindowDays), Is.EqualTo((2.0, 494L, 28)));
        Assert.That(forecast.RunOutAt.ToDateTimeOffset(), Is.EqualTo(_server.Time.GetUtcNow().AddDays(247)), "494 credits at 2 a day");
        Assert.That((forecast.SuggestedTopUp.Credits, forecast.SuggestedTopUp.PackId), Is.EqualTo((60L, BrowserServer.PackId)),
            "30 days at 2 a day; the 100-credit starter pack covers it");
        Assert.That(forecast.SuggestedTopUp.BuyBefore, Is.EqualTo(forecast.RunOutAt));
    }

    [Test]
    public async Task A_token_reads_its_own_suggestions_which_name_credits_about_to_expire_unspent()
    {
        var user = $"user:{Guid.NewGuid():N}";
        var writer = _server.Client(grpcWeb: false);
        var grant = await writer.GrantAsync(new GrantRequest
        {
            AccountId = user, Amount = 30, Bucket = Bucket.Promo, IdempotencyKey = $"g-{Guid.NewGuid():N}",
            ExpiresAt = Timestamp.FromDateTimeOffset(_server.Time.GetUtcNow().AddDays(2)),
        }, LedgerServer.Bearer(TestKeys.Writer));
        var analytics = new AnalyticsService.AnalyticsServiceClient(transport == Transport.GrpcWeb ? _server.GrpcWebChannel : _server.GrpcChannel);

        var response = await analytics.GetSuggestionsAsync(new GetSuggestionsRequest { AccountId = user },
            LedgerServer.Bearer(EndUserTokens.Mint(user, _server.Time.GetUtcNow())));

        Assert.That(response.Suggestions.Select(s => (s.Kind, s.LotId, s.SavingCredits)),
            Is.EqualTo(new[] { (SuggestionKind.UseExpiringCredits, grant.LotId, 30L) }));
    }
}

using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Credits.Server.Tests.Analytics;

/// <summary>
/// AnalyticsService.GetUsageOverview through a real server and the generated client: every
/// account's commits ranked and summed, for an admin key only. Each test moves the server's clock
/// to a day of its own, so other tests' spending stays out of its range.
/// </summary>
public sealed class GetUsageOverviewTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private AnalyticsService.AnalyticsServiceClient Analytics => new(Server.Channel);

    private async Task SpendAsync(string account, long quantity)
    {
        var hold = await Writer.ReserveAsync(new ReserveRequest
        {
            AccountId = account, Feature = LedgerServer.Feature, Quantity = quantity, IdempotencyKey = NewKey(),
        });
        await Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId });
    }

    private GetUsageOverviewRequest Today(int top) => new()
    {
        StartTime = Timestamp.FromDateTimeOffset(Now.Date),
        EndTime = Timestamp.FromDateTimeOffset(Now.Date.AddDays(1)),
        Top = top,
    };

    [Test]
    public async Task An_admin_sees_the_top_accounts_and_features_and_the_days_totals()
    {
        Time.Advance(TimeSpan.FromDays(2_000));
        var (big, small) = (NewAccount(), NewAccount());
        await Grant(big, 1_000);
        await Grant(small, 1_000);
        await SpendAsync(big, 3);
        await SpendAsync(small, 1);
        await SpendAsync(big, 1);

        var response = await Analytics.GetUsageOverviewAsync(Today(top: 1), LedgerServer.Bearer(TestKeys.Admin));

        var price = LedgerServer.FeaturePrice;
        Assert.That(response.TopAccounts.Select(row => (row.AccountId, row.CreditsSpent, row.Operations)), Is.EqualTo(new[] { (big, 4 * price, 2L) }));
        Assert.That(response.TopFeatures.Select(row => (row.Feature, row.CreditsSpent)), Is.EqualTo(new[] { (LedgerServer.Feature, 5 * price) }));
        Assert.That(response.Buckets.Select(bucket => (bucket.StartTime, bucket.CreditsSpent, bucket.Operations)),
            Is.EqualTo(new[] { (Timestamp.FromDateTimeOffset(Now.Date), 5 * price, 3L) }));
        Assert.That((response.Totals.CreditsSpent, response.Totals.Operations), Is.EqualTo((5 * price, 3L)));
    }

    [Test]
    public async Task A_key_without_the_admin_scope_is_refused_with_scope_missing()
    {
        var error = await RpcFailure(() => Analytics.GetUsageOverviewAsync(Today(top: 5), LedgerServer.Bearer(TestKeys.Reader)).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That(ErrorInfoOf(error).Reason, Is.EqualTo("SCOPE_MISSING"));
        Assert.That(ErrorInfoOf(error).Metadata["scope"], Is.EqualTo(TestKeys.ScopeAdmin));
    }

    [Test]
    public async Task A_top_over_100_is_refused_naming_top()
    {
        var error = await RpcFailure(() => Analytics.GetUsageOverviewAsync(Today(top: 101), LedgerServer.Bearer(TestKeys.Admin)).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(BadRequestOf(error)!.FieldViolations.Single().Field, Is.EqualTo("top"));
    }
}

using Credits.Ledger.Analytics;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Tests.Support;
using Credits.Testing;

namespace Credits.Ledger.Tests.Analytics;

/// <summary>
/// The operators' overview sums every account's daily aggregates: top accounts and features by
/// credits spent, totals per bucket. The harness's clock starts on Thursday 2026-01-01 00:00 UTC;
/// image.generate costs 5 a unit, text.summarize 2.
/// </summary>
public sealed class UsageOverviewTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private UsageOverviews Overviews => new(Ledger.Usage);

    private static DateTimeOffset On(int month, int day) => new(2026, month, day, 0, 0, 0, TimeSpan.Zero);

    private async Task SpendAsync(string account, string feature, long quantity)
    {
        var reserve = new ReserveCommand(LedgerHarness.Caller, account, null, feature, quantity, null, Ledger.NewKey(), LedgerHarness.NoMetadata);
        var hold = await Ledger.Ledger.ReserveAsync(reserve);
        await Ledger.Commit(hold.HoldId, null);
    }

    /// <summary>1 Jan: user:1 25, user:2 4, user:3 10; 2 Jan: user:2 30; 10 Jan (next week): user:3 5.</summary>
    private async Task SpendOverDaysAsync()
    {
        foreach (var account in new[] { "user:1", "user:2", "user:3" })
        {
            await Ledger.Grant(account, 1_000);
        }
        await SpendAsync("user:1", "image.generate", 5);     // 25
        await SpendAsync("user:2", "text.summarize", 2);     // 4
        await SpendAsync("user:3", "image.generate", 2);     // 10
        Ledger.Advance(TimeSpan.FromDays(1));
        await SpendAsync("user:2", "text.summarize", 15);    // 30
        Ledger.Advance(TimeSpan.FromDays(8));
        await SpendAsync("user:3", "image.generate", 1);     // 5
    }

    [Test]
    public async Task Accounts_and_features_are_ranked_by_credits_spent_over_the_range()
    {
        await SpendOverDaysAsync();

        var overview = await Overviews.GetOverviewAsync(new UsageOverviewQuery(On(1, 1), On(1, 3), UsageGranularity.Day, 0));

        Assert.That(overview.TopAccounts, Is.EqualTo(new[]
        {
            new RankedUsage("user:2", 34, 2), new RankedUsage("user:1", 25, 1), new RankedUsage("user:3", 10, 1),
        }));
        Assert.That(overview.TopFeatures, Is.EqualTo(new[] { new RankedUsage("image.generate", 35, 2), new RankedUsage("text.summarize", 34, 2) }));
        Assert.That(overview.Buckets.Select(bucket => (bucket.Start, bucket.CreditsSpent, bucket.Operations)),
            Is.EqualTo(new[] { (On(1, 1), 39L, 3L), (On(1, 2), 30L, 1L) }));
        Assert.That(overview.Totals, Is.EqualTo(new UsageTotals(69, 4)));
    }

    [Test]
    public async Task Top_keeps_the_largest_and_weekly_buckets_sum_every_account()
    {
        await SpendOverDaysAsync();

        var overview = await Overviews.GetOverviewAsync(new UsageOverviewQuery(On(1, 1), On(1, 11), UsageGranularity.Week, 1));

        Assert.That(overview.TopAccounts, Is.EqualTo(new[] { new RankedUsage("user:2", 34, 2) }));
        Assert.That(overview.TopFeatures, Is.EqualTo(new[] { new RankedUsage("image.generate", 40, 3) }));
        Assert.That(overview.Buckets.Select(bucket => (bucket.Start, bucket.CreditsSpent)),
            Is.EqualTo(new[] { (new DateTimeOffset(2025, 12, 29, 0, 0, 0, TimeSpan.Zero), 69L), (On(1, 5), 5L) }));
        Assert.That((overview.From, overview.To), Is.EqualTo((new DateTimeOffset(2025, 12, 29, 0, 0, 0, TimeSpan.Zero), On(1, 12))));
    }

    [Test]
    public async Task A_range_without_usage_has_no_rows_and_zero_totals()
    {
        await SpendOverDaysAsync();

        var overview = await Overviews.GetOverviewAsync(new UsageOverviewQuery(On(3, 1), On(4, 1), UsageGranularity.Month, 5));

        Assert.That((overview.TopAccounts.Count, overview.TopFeatures.Count, overview.Buckets.Count), Is.EqualTo((0, 0, 0)));
        Assert.That(overview.Totals, Is.EqualTo(new UsageTotals(0, 0)));
    }

    [TestCase(-1)]
    [TestCase(101)]
    public async Task A_top_outside_0_to_100_is_refused_naming_top(int top)
    {
        var error = await Fails(() => Overviews.GetOverviewAsync(new UsageOverviewQuery(On(1, 1), On(1, 2), UsageGranularity.Day, top)));

        Assert.That(error.Error.Field, Is.EqualTo("top"));
    }

    [Test]
    public async Task A_range_that_ends_before_it_starts_is_refused_naming_end_time()
    {
        var error = await Fails(() => Overviews.GetOverviewAsync(new UsageOverviewQuery(On(2, 1), On(1, 1), UsageGranularity.Day, 0)));

        Assert.That(error.Error.Field, Is.EqualTo("end_time"));
    }
}

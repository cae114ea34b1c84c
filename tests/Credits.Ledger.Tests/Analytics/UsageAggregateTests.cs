using Credits.Ledger.Analytics;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Migrations;
using Credits.Ledger.Errors;
using Credits.Ledger.Journal;
using Credits.Ledger.Tests.Support;
using Credits.Testing;

namespace Credits.Ledger.Tests.Analytics;

/// <summary>
/// Credits spent per account, feature and UTC day are kept by the usage projector (folded from
/// what each batch spent, read back from the journal when in doubt); a usage report folds its
/// account's waiting usage, then reads only those aggregates. The harness's clock starts on Thursday
/// 2026-01-01 00:00 UTC; image.generate costs 5 a unit, text.summarize 2.
/// </summary>
public sealed class UsageAggregateTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private static readonly string[] EditedDay =
        ["user:1: usage of 'image.generate' on 2026-01-01 is 11 credits in 1 operations, but the journal's commits make 10 in 1"];

    private UsageReports Reports => new(Ledger.Usage);

    private static DateTimeOffset On(int month, int day) => new(2026, month, day, 0, 0, 0, TimeSpan.Zero);

    private async Task SpendAsync(string account, string? feature, long quantityOrAmount, long? commitPart = null)
    {
        var reserve = feature is null
            ? Ledger.ReserveCommand(account, quantityOrAmount)
            : new ReserveCommand(LedgerHarness.Caller, account, null, feature, quantityOrAmount, null, Ledger.NewKey(), LedgerHarness.NoMetadata);
        var hold = await Ledger.Ledger.ReserveAsync(reserve);
        await Ledger.Commit(hold.HoldId, commitPart);
    }

    private void MoveTo(DateTimeOffset instant) => Ledger.Advance(instant - Ledger.Time.GetUtcNow());

    private async Task SpendOnHandComputedDaysAsync()
    {
        await Ledger.Grant("user:1", 1_000);
        MoveTo(On(1, 1).AddHours(9));
        await SpendAsync("user:1", "image.generate", 1);     // Thu 1 Jan: 5
        MoveTo(On(1, 2).AddHours(23).AddMinutes(59));
        await SpendAsync("user:1", "text.summarize", 3);     // Fri 2 Jan, a minute before midnight: 6
        MoveTo(On(1, 5));
        await SpendAsync("user:1", null, 10);                // Mon 5 Jan, at midnight: 10 by amount
        MoveTo(On(2, 3).AddHours(12));
        await SpendAsync("user:1", "image.generate", 1);     // Tue 3 Feb: 5
    }

    [Test]
    public async Task Daily_buckets_hold_each_days_commits_with_the_day_boundary_at_midnight_UTC()
    {
        await SpendOnHandComputedDaysAsync();

        var report = await Reports.GetUsageAsync(new UsageQuery("user:1", On(1, 1), On(1, 6), UsageGranularity.Day, false, false));

        Assert.That(report.Buckets.Select(bucket => (bucket.Start, bucket.CreditsSpent, bucket.Operations)), Is.EqualTo(new[]
        {
            (On(1, 1), 5L, 1L), (On(1, 2), 6L, 1L), (On(1, 5), 10L, 1L),
        }));
        Assert.That(report.Totals, Is.EqualTo(new UsageTotals(21, 3)));
        Assert.That((report.From, report.To), Is.EqualTo((On(1, 1), On(1, 6))));
    }

    [Test]
    public async Task Weekly_buckets_start_on_Monday_and_the_range_widens_to_whole_weeks()
    {
        await SpendOnHandComputedDaysAsync();

        var report = await Reports.GetUsageAsync(new UsageQuery("user:1", On(1, 1), On(1, 8), UsageGranularity.Week, false, false));

        Assert.That((report.From, report.To), Is.EqualTo((new DateTimeOffset(2025, 12, 29, 0, 0, 0, TimeSpan.Zero), On(1, 12))));
        Assert.That(report.Buckets.Select(bucket => (bucket.Start, bucket.CreditsSpent, bucket.Operations)), Is.EqualTo(new[]
        {
            (new DateTimeOffset(2025, 12, 29, 0, 0, 0, TimeSpan.Zero), 11L, 2L), (On(1, 5), 10L, 1L),
        }));
    }

    [Test]
    public async Task Monthly_buckets_by_feature_name_the_feature_and_leave_holds_reserved_by_amount_under_the_empty_feature()
    {
        await SpendOnHandComputedDaysAsync();

        var report = await Reports.GetUsageAsync(new UsageQuery("user:1", On(1, 1), On(3, 1), UsageGranularity.Month, true, false));

        Assert.That(report.Buckets.Select(bucket => (bucket.Start, bucket.Feature, bucket.CreditsSpent)), Is.EqualTo(new[]
        {
            (On(1, 1), "", 10L), (On(1, 1), "image.generate", 5L), (On(1, 1), "text.summarize", 6L), (On(2, 1), "image.generate", 5L),
        }));
        Assert.That(report.Totals, Is.EqualTo(new UsageTotals(26, 4)));
    }

    [Test]
    public async Task Comparing_with_the_previous_period_sums_as_many_buckets_just_before_and_gives_the_change()
    {
        await SpendOnHandComputedDaysAsync();

        var february = await Reports.GetUsageAsync(new UsageQuery("user:1", On(2, 1), On(3, 1), UsageGranularity.Month, false, true));
        var december = await Reports.GetUsageAsync(new UsageQuery("user:1", On(12, 1).AddYears(-1), On(1, 1), UsageGranularity.Month, false, true));

        Assert.That((february.Totals, february.Previous), Is.EqualTo((new UsageTotals(5, 1), new UsageTotals(21, 3))));
        Assert.That(february.ChangeCredits, Is.EqualTo(-16));
        Assert.That(february.ChangePercent, Is.EqualTo(-76.2), "-16 / 21, one decimal");
        Assert.That((december.Totals.CreditsSpent, december.ChangePercent), Is.EqualTo((0L, (double?)null)), "nothing spent before: no percentage");
    }

    [Test]
    public async Task Only_committed_credits_count_a_partial_commit_its_part_a_release_and_an_expired_hold_nothing()
    {
        await Ledger.Grant("user:1", 100);
        await SpendAsync("user:1", "image.generate", 4, commitPart: 7);  // 20 held, 7 committed
        await Ledger.Release((await Ledger.Reserve("user:1", 30)).HoldId);
        await Ledger.Reserve("user:1", 15, ttl: TimeSpan.FromMinutes(1));
        Ledger.Advance(TimeSpan.FromMinutes(2));
        await Ledger.Sweeper.SweepOnceAsync();

        var report = await Reports.GetUsageAsync(new UsageQuery("user:1", On(1, 1), On(1, 2), UsageGranularity.Day, true, false));

        Assert.That(report.Buckets.Select(bucket => (bucket.Feature, bucket.CreditsSpent, bucket.Operations)),
            Is.EqualTo(new[] { ("image.generate", 7L, 1L) }));
    }

    [Test]
    public async Task Thirty_two_concurrent_commits_on_one_account_are_all_counted_once()
    {
        await Ledger.Grant("user:1", 1_000);

        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => SpendAsync("user:1", "text.summarize", 1))));

        var report = await Reports.GetUsageAsync(new UsageQuery("user:1", On(1, 1), On(1, 2), UsageGranularity.Day, false, false));
        Assert.That(report.Totals, Is.EqualTo(new UsageTotals(64, 32)));
    }

    [Test]
    public async Task After_a_random_workload_over_many_days_the_aggregates_equal_a_replay_of_the_journal()
    {
        var random = new Random(20261204);
        var accounts = new[] { "user:a", "user:b", "org:c" };
        string?[] features = ["image.generate", "text.summarize", null];
        foreach (var account in accounts)
        {
            await Ledger.Grant(account, 100_000);
        }
        for (var step = 0; step < 150; step++)
        {
            var account = accounts[random.Next(accounts.Length)];
            var flows = Enumerable.Range(0, random.Next(1, 6)).Select(_ =>
            {
                var feature = features[random.Next(features.Length)];
                var quantity = random.Next(1, 20);
                long? part = random.Next(3) == 0 ? 1 : null;
                return random.Next(5) == 0
                    ? Task.Run(async () => await Ledger.Release((await Ledger.Reserve(account, quantity)).HoldId))
                    : Task.Run(() => SpendAsync(account, feature, quantity, part));
            });
            await Task.WhenAll(flows);
            if (random.Next(4) == 0)
            {
                await Ledger.Usage.FlushAsync();
            }
            Ledger.Advance(TimeSpan.FromMinutes(random.Next(0, 600)));
        }
        await Ledger.Usage.FlushAsync();

        Assert.That(await Ledger.Usage.BehindAsync(), Is.Zero, "every account's checkpoint is at its last commit");
        Assert.That(await Ledger.Verifier.VerifyAsync(), Is.Empty, "usage_daily equals the journal's commits, day by day (UsageVerification)");
        foreach (var account in accounts)
        {
            var commits = (await Ledger.History(account)).Where(entry => entry.Kind == EntryKind.Commit).ToList();
            var report = await Reports.GetUsageAsync(new UsageQuery(account, LedgerHarness.Start, Ledger.Time.GetUtcNow().AddDays(1), UsageGranularity.Week, true, false));
            Assert.That(report.Totals, Is.EqualTo(new UsageTotals(-commits.Sum(entry => entry.Amount), commits.Count)), account);
        }
    }

    [Test]
    public async Task The_verifier_names_a_day_whose_aggregate_differs_from_the_journal()
    {
        await Ledger.Grant("user:1", 100);
        await SpendAsync("user:1", "image.generate", 2);
        await Ledger.Usage.FlushAsync();
        await TestSql.ExecuteAsync(Ledger.Database, "UPDATE usage_daily SET credits = credits + 1");

        var violations = await Ledger.Verifier.VerifyAsync();

        Assert.That(violations, Is.EqualTo(EditedDay));
        await TestSql.ExecuteAsync(Ledger.Database, "UPDATE usage_daily SET credits = credits - 1");
    }

    [Test]
    public async Task The_migration_back_fills_a_journal_written_before_the_aggregates_existed()
    {
        await SpendOnHandComputedDaysAsync();
        var before = await Reports.GetUsageAsync(new UsageQuery("user:1", On(1, 1), On(3, 1), UsageGranularity.Day, true, false));

        await TestSql.ExecuteAsync(Ledger.Database, "DELETE FROM usage_daily");
        await TestSql.ExecuteAsync(Ledger.Database, AddUsageDaily.BackFill);

        var after = await Reports.GetUsageAsync(new UsageQuery("user:1", On(1, 1), On(3, 1), UsageGranularity.Day, true, false));
        Assert.That(after.Buckets, Is.EqualTo(before.Buckets));
        Assert.That(after.Buckets, Has.Count.EqualTo(4));
    }

    [TestCase("user:1", "2026-01-02", "2026-01-01", "end_time")]
    [TestCase("user:1", "2026-01-01", "2026-01-01", "end_time")]
    [TestCase("user:1", "2026-01-01", "2029-02-01", "end_time")]
    [TestCase("user:1", "1969-12-31", "2026-01-01", "start_time")]
    [TestCase("nobody", "2026-01-01", "2026-01-02", "account_id")]
    public async Task A_query_that_cannot_be_answered_is_refused_naming_its_field(string account, string start, string end, string field)
    {
        var query = new UsageQuery(account, DateTimeOffset.Parse(start + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(end + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), UsageGranularity.Day, false, false);

        var error = await Fails(() => Reports.GetUsageAsync(query));

        Assert.That((error.Error.Kind, error.Error.Field), Is.EqualTo((LedgerErrorKind.InvalidRequest, field)));
    }
}

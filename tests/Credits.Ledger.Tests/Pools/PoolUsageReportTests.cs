using Credits.Ledger.Analytics;
using Credits.Ledger.Data;
using Credits.Ledger.Pools;
using Credits.Ledger.Tests.Support;
using Credits.Testing;

namespace Credits.Ledger.Tests.Pools;

/// <summary>
/// What members spend from a pool is kept per member, UTC day and feature (<c>pool_usage_daily</c>)
/// by the usage projector, beside the pool's own aggregates, in the same folds: a per-member report
/// never reads the journal, and sums to the pool's usage.
/// </summary>
public sealed class PoolUsageReportTests(DatabaseProvider provider) : PoolSpec(provider)
{
    private static readonly DateTimeOffset Day1 = LedgerHarness.Start;
    private static readonly DateTimeOffset Day2 = LedgerHarness.Start.AddDays(1);

    private async Task SpendOnTwoDaysAsync()
    {
        await Ledger.Grant(Pool, 1_000);
        await AddMember("user:ann", 100);
        await AddMember("user:bob", null);
        await Ledger.Commit((await ReserveFor("user:ann", 10)).HoldId);
        await Ledger.Commit((await ReserveFor("user:bob", 20)).HoldId, 5);
        await Ledger.Release((await ReserveFor("user:ann", 7)).HoldId);
        Ledger.Advance(TimeSpan.FromDays(1));
        await Ledger.Commit((await ReserveFor("user:bob", 3)).HoldId);
    }

    private async Task<List<(DateOnly Day, string Member, long Credits, long Operations)>> MembersAsync()
    {
        var rows = new List<(DateOnly, string, long, long)>();
        await foreach (var day in new UsageExport(Ledger.Usage).ExportPoolAsync(Pool, Day1, Day2.AddDays(1)))
        {
            rows.Add((day.Day, day.Member, day.CreditsSpent, day.Operations));
        }
        return rows;
    }

    private static readonly (DateOnly, string, long, long)[] Expected =
    [
        (DateOnly.FromDateTime(Day1.UtcDateTime), "user:ann", 10, 1),
        (DateOnly.FromDateTime(Day1.UtcDateTime), "user:bob", 5, 1),
        (DateOnly.FromDateTime(Day2.UtcDateTime), "user:bob", 3, 1),
    ];

    private static readonly string[] EditedMemberDay =
        ["org:acme: usage of '' by member user:ann on 2026-01-01 is 11 credits in 1 operations, but the journal's commits make 10 in 1"];

    [Test]
    public async Task Each_members_commits_are_kept_per_day_and_sum_to_the_pools_usage()
    {
        await SpendOnTwoDaysAsync();

        var members = await MembersAsync();
        var pool = await new UsageReports(Ledger.Usage).GetUsageAsync(new UsageQuery(Pool, Day1, Day2.AddDays(1), UsageGranularity.Day, false, false));

        Assert.That(members, Is.EqualTo(Expected), "a release spends nothing; a partial commit its part");
        Assert.That(pool.Totals, Is.EqualTo(new UsageTotals(members.Sum(row => row.Credits), members.Sum(row => row.Operations))));
    }

    [Test]
    public async Task After_a_kill_before_folding_the_catch_up_from_the_journal_splits_by_member_too()
    {
        await SpendOnTwoDaysAsync();
        _ = Ledger.Changes.Usage.Take();

        using var restarted = Ledger.Peer();
        Assert.That(await restarted.Usage.CatchUpAsync(), Is.EqualTo(1));

        Assert.That(await MembersAsync(), Is.EqualTo(Expected));
    }

    [Test]
    public async Task The_verifier_names_a_members_day_that_differs_from_the_journal()
    {
        await SpendOnTwoDaysAsync();
        await Ledger.Usage.FlushAsync();
        await TestSql.ExecuteAsync(Ledger.Database, "UPDATE pool_usage_daily SET credits = credits + 1 WHERE member_id = 'user:ann'");

        var violations = await Ledger.Verifier.VerifyAsync();

        Assert.That(violations.Select(violation => violation.ToString()), Is.EqualTo(EditedMemberDay));
        await TestSql.ExecuteAsync(Ledger.Database, "UPDATE pool_usage_daily SET credits = credits - 1 WHERE member_id = 'user:ann'");
    }
}

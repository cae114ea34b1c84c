using Credits.Ledger.Analytics;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Journal;
using Credits.Ledger.Tests.Support;
using Credits.Testing;

namespace Credits.Ledger.Tests.Analytics;

/// <summary>
/// The usage projector keeps <c>usage_daily</c> off the batch's transaction: each batch notes its
/// last counted entry on the account row and hands what it spent to memory; folds move each
/// account's checkpoint with its aggregates in one transaction, only from where the fold began.
/// So a process killed before folding loses only time, a fold run twice adds nothing, and two
/// instances writing one account never count an entry twice.
/// </summary>
public sealed class UsageProjectorTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private UsageReports Reports => new(Ledger.Usage);

    private static async Task SpendAsync(LedgerHarness ledger, string account, long quantity)
    {
        var reserve = new ReserveCommand(LedgerHarness.Caller, account, null, "text.summarize", quantity, null, ledger.NewKey(), LedgerHarness.NoMetadata);
        var hold = await ledger.Ledger.ReserveAsync(reserve);
        await ledger.Commit(hold.HoldId);
    }

    private Task<List<(string Account, long Credits, long Operations)>> StoredUsageAsync() =>
        TestSql.QueryAsync(Ledger.Database, "SELECT account_id, SUM(credits), SUM(operations) FROM usage_daily GROUP BY account_id ORDER BY account_id",
            reader => (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));

    private async Task<List<(string Account, long Credits, long Operations)>> JournalUsageAsync(params string[] accounts)
    {
        var usage = new List<(string, long, long)>();
        foreach (var account in accounts.Order(StringComparer.Ordinal))
        {
            var commits = (await Ledger.History(account)).Where(entry => entry.Kind == EntryKind.Commit).ToList();
            usage.Add((account, -commits.Sum(entry => entry.Amount), commits.Count));
        }
        return usage;
    }

    private static UsageQuery Today(string account) =>
        new(account, LedgerHarness.Start, LedgerHarness.Start.AddDays(1), UsageGranularity.Day, false, false);

    [Test]
    public async Task Commits_wait_in_memory_until_a_fold_and_a_report_folds_its_own_account_first()
    {
        await Ledger.Grant("user:1", 100);
        await Ledger.Grant("user:2", 100);
        await SpendAsync(Ledger, "user:1", 3);
        await SpendAsync(Ledger, "user:2", 4);

        Assert.That(await StoredUsageAsync(), Is.Empty, "the batch wrote no aggregate");
        Assert.That(await Ledger.Usage.BehindAsync(), Is.EqualTo(2), "both accounts' last commit is past their checkpoint");

        var report = await Reports.GetUsageAsync(Today("user:1"));

        Assert.That(report.Totals, Is.EqualTo(new UsageTotals(6, 1)), "the report includes the commit just answered");
        Assert.That(await StoredUsageAsync(), Is.EqualTo(new[] { ("user:1", 6L, 1L) }), "only the report's account was folded");
        await Ledger.Usage.FlushAsync();
        Assert.That(await StoredUsageAsync(), Is.EqualTo(new[] { ("user:1", 6L, 1L), ("user:2", 8L, 1L) }));
    }

    [Test]
    public async Task A_process_killed_before_folding_is_caught_up_from_the_journal_with_nothing_lost()
    {
        var accounts = Enumerable.Range(0, 30).Select(i => $"user:{i}").ToArray();
        foreach (var account in accounts)
        {
            await Ledger.Grant(account, 1_000);
        }
        await Task.WhenAll(accounts.Select(account => Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await SpendAsync(Ledger, account, i + 1);
            }
        })));
        await Ledger.Usage.FlushAsync();
        // More commits, then the process dies: what it held in memory is gone.
        await Task.WhenAll(accounts.Take(20).Select(account => SpendAsync(Ledger, account, 7)));
        _ = Ledger.Changes.Usage.Take();

        using var restarted = Ledger.Peer();
        var caughtUp = await restarted.Usage.CatchUpAsync();

        Assert.That(caughtUp, Is.EqualTo(20), "the accounts that committed after the last fold");
        Assert.That(await restarted.Usage.BehindAsync(), Is.Zero);
        Assert.That(await StoredUsageAsync(), Is.EqualTo(await JournalUsageAsync(accounts)));
        Assert.That(await restarted.Usage.CatchUpAsync(), Is.Zero, "a second catch-up finds nothing to do");
    }

    [Test]
    public async Task A_fold_whose_answer_was_lost_and_that_runs_again_adds_nothing_twice()
    {
        await Ledger.Grant("user:1", 1_000);
        await SpendAsync(Ledger, "user:1", 5);
        var work = Ledger.Changes.Usage.Take();
        Ledger.Changes.Usage.Return(work);

        await Ledger.Usage.FlushAsync();
        // The fold committed, but the projector did not hear so: it puts the same usage back and folds again.
        Ledger.Changes.Usage.Return(work);
        await Ledger.Usage.FlushAsync();
        await SpendAsync(Ledger, "user:1", 2);
        await Ledger.Usage.FlushAsync();

        Assert.That(await StoredUsageAsync(), Is.EqualTo(new[] { ("user:1", 14L, 2L) }));
    }

    [Test]
    public async Task Two_instances_writing_one_account_and_folding_in_either_order_count_each_commit_once()
    {
        using var peer = Ledger.Peer();
        await Ledger.Grant("org:shared", 100_000);
        for (var round = 0; round < 6; round++)
        {
            await Task.WhenAll(
                Task.Run(() => SpendAsync(Ledger, "org:shared", 1)),
                Task.Run(() => SpendAsync(peer, "org:shared", 2)),
                Task.Run(() => SpendAsync(Ledger, "org:shared", 3)));
            // Out of order: the peer's blocks do not follow the checkpoint the other left, and back.
            await (round % 2 == 0 ? peer.Usage.FlushAsync() : Ledger.Usage.FlushAsync());
        }
        await Task.WhenAll(peer.Usage.FlushAsync(), Ledger.Usage.FlushAsync());

        Assert.That(await StoredUsageAsync(), Is.EqualTo(await JournalUsageAsync("org:shared")));
        Assert.That(await StoredUsageAsync(), Is.EqualTo(new[] { ("org:shared", 6 * (2 + 4 + 6L), 18L) }));
    }

    [Test]
    public async Task Folds_and_catch_ups_racing_on_two_instances_under_concurrent_commits_never_double_count()
    {
        using var peer = Ledger.Peer();
        var accounts = Enumerable.Range(0, 8).Select(i => $"user:{i}").ToArray();
        foreach (var account in accounts)
        {
            await Ledger.Grant(account, 100_000);
        }
        using var stop = new CancellationTokenSource();
        var folders = new[] { Ledger, peer }.Select(instance => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await instance.Usage.FlushAsync();
                await instance.Usage.CatchUpAsync();
            }
        })).ToList();
        var random = new Random(4);
        var writers = Enumerable.Range(0, 200).Select(i => (Account: accounts[random.Next(accounts.Length)], Instance: i % 2 == 0 ? Ledger : peer, Quantity: random.Next(1, 9)))
            .ToList();
        await Task.WhenAll(writers.Select(writer => Task.Run(() => SpendAsync(writer.Instance, writer.Account, writer.Quantity))));
        await stop.CancelAsync();
        await Task.WhenAll(folders);
        await Task.WhenAll(peer.Usage.FlushAsync(), Ledger.Usage.FlushAsync());

        Assert.That(await Ledger.Usage.BehindAsync(), Is.Zero);
        Assert.That(await StoredUsageAsync(), Is.EqualTo(await JournalUsageAsync(accounts)));
    }
}

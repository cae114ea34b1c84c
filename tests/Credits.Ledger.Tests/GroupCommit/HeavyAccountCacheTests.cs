using Credits.Ledger.Data;
using Credits.Ledger.GroupCommit;
using Credits.Ledger.Journal;
using Credits.Ledger.Tests.Support;
using Credits.Testing;

namespace Credits.Ledger.Tests.GroupCommit;

/// <summary>
/// A heavy account's live lots, active holds and claw-backs are kept in memory after each commit,
/// stamped with the account's journal sequence, and its next batch reads them again only when that
/// sequence moved: another process changed the account. Each of these would fail if the kept state
/// were used when outdated or written back wrongly.
/// </summary>
public sealed class HeavyAccountCacheTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private const int HeavyRows = 40;

    protected override GroupCommitOptions CreateGroupCommit() => new() { Lanes = 4, HeavyAccountRows = HeavyRows };

    [Test]
    public async Task A_heavy_accounts_next_batch_uses_what_this_process_committed_and_reads_again_once_another_process_commits()
    {
        var heavy = await HeavyAccountAsync();
        // Equal priority, expiry and age: burn-down takes the lots in ordinal order of their ids.
        var lots = await LotIdsAsync(heavy);
        var (first, edited) = (lots[0], lots[^1]);
        // An edit past the ledger, which no process makes and a test can: read, this lot would burn first.
        await TestSql.ExecuteAsync(Ledger.Database, "UPDATE lots SET priority = priority - 1 WHERE lot_id = @lot", ("lot", edited));

        var kept = await Ledger.Reserve(heavy, 1);
        Assert.That(await PartsAsync(heavy, kept.HoldId), Is.EqualTo(new[] { first }), "served from memory: the edit was not read");

        using (var peer = Ledger.Peer())
        {
            await peer.Grant(heavy, 10);
        }
        var reread = await Ledger.Reserve(heavy, 1);
        Assert.That(await PartsAsync(heavy, reread.HoldId), Is.EqualTo(new[] { edited }), "read again: another process moved the sequence");
    }

    [Test]
    public async Task Two_processes_reserving_committing_and_releasing_on_one_heavy_account_concurrently_keep_its_balance_exact()
    {
        var heavy = await HeavyAccountAsync();
        using var peer = Ledger.Peer();

        var committed = await KeptAccountSpecs.RaceTwoProcessesAsync(Ledger, peer, heavy);

        var (available, held) = await StoredBalanceAsync(heavy);
        Assert.That(committed, Is.EqualTo(8 * 6 * 2), "six commits of 2 per caller");
        Assert.That(available, Is.EqualTo(HeavyCredits - committed));
        Assert.That(held, Is.Zero);
    }

    [Test]
    public async Task Holds_and_lots_that_expire_while_an_account_is_kept_expire_as_if_it_were_read()
    {
        var heavy = await HeavyAccountAsync();
        await Ledger.Grant(heavy, 7, expiresIn: TimeSpan.FromHours(1));
        var hold = await Ledger.Reserve(heavy, 5, ttl: TimeSpan.FromMinutes(1));

        Ledger.Advance(TimeSpan.FromHours(2));
        var next = await Ledger.Reserve(heavy, 1);

        var kinds = (await Ledger.History(heavy)).Select(entry => (entry.Kind, entry.HoldId, entry.Amount)).ToList();
        Assert.That(kinds, Does.Contain((EntryKind.HoldExpire, hold.HoldId, 0L)));
        Assert.That(next.Balance.Held, Is.EqualTo(1));
        Assert.That(next.Balance.Available, Is.EqualTo(HeavyCredits - 1), "the 7 expiring credits are gone, the hold's 5 came back");
    }

    [Test]
    public async Task An_account_spent_down_below_the_threshold_is_forgotten()
    {
        var heavy = await HeavyAccountAsync();
        Assert.That(Ledger.Engine.HeavyStates!.Count, Is.EqualTo(1));

        var all = await Ledger.Reserve(heavy, HeavyCredits);
        await Ledger.Commit(all.HoldId);
        await Ledger.Grant(heavy, 10);

        Assert.That(Ledger.Engine.HeavyStates.Count, Is.Zero);
        Assert.That((await Ledger.Reserve(heavy, 10)).Balance.Available, Is.Zero);
    }

    private const long HeavyCredits = (HeavyRows + 1) * 10;

    /// <summary>An account with <see cref="HeavyRows"/> + 1 lots of 10 credits, the last granted after the engine saw it heavy.</summary>
    private async Task<string> HeavyAccountAsync()
    {
        var heavy = $"user:heavy-{Guid.NewGuid():N}";
        await Task.WhenAll(Enumerable.Range(0, HeavyRows).Select(_ => Ledger.Grant(heavy, 10)));
        await Ledger.Grant(heavy, 10);
        return heavy;
    }

    private Task<List<string>> LotIdsAsync(string account) => KeptAccountSpecs.LotIdsAsync(Ledger, account);

    private Task<string[]> PartsAsync(string account, string holdId) => KeptAccountSpecs.PartsAsync(Ledger, account, holdId);

    private Task<(long Available, long Held)> StoredBalanceAsync(string account) => KeptAccountSpecs.StoredBalanceAsync(Ledger, account);
}

using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Journal;
using Credits.Ledger.Tests.Support;
using Credits.Testing;

namespace Credits.Ledger.Tests.GroupCommit;

/// <summary>
/// On PostgreSQL the engine keeps each account as it last committed it, and the next batch on it
/// decides on that copy in one round trip: its write first locks the account and checks the row's
/// version, which every update of the row moves, whoever makes it. A stale copy never decides: the
/// batch loads and runs again. SQLite reads every batch (it has no round trip to save), so these
/// specs state what each provider does.
/// </summary>
public sealed class WarmAccountCacheTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private bool Keeps => Provider == DatabaseProvider.Postgres;

    [Test]
    public async Task A_kept_account_is_decided_on_its_copy_until_anything_updates_its_row()
    {
        var account = $"user:warm-{Guid.NewGuid():N}";
        await Ledger.Grant(account, 10);
        await Ledger.Grant(account, 10);
        var lots = await LotIdsAsync(account);
        // An edit past the ledger (no process makes one; a test can): read, the second lot would burn first.
        await TestSql.ExecuteAsync(Ledger.Database, "UPDATE lots SET priority = priority - 1 WHERE lot_id = @lot", ("lot", lots[1]));

        var kept = await Ledger.Reserve(account, 1);
        Assert.That(await PartsAsync(account, kept.HoldId), Is.EqualTo(new[] { Keeps ? lots[0] : lots[1] }),
            Keeps ? "decided on the kept copy: the lot edit was not read" : "SQLite reads every batch");

        // Any update of the account row moves its version, even one that changes no value.
        await TestSql.ExecuteAsync(Ledger.Database, "UPDATE accounts SET updated_at_ms = updated_at_ms WHERE account_id = @account", ("account", account));
        var reread = await Ledger.Reserve(account, 1);
        Assert.That(await PartsAsync(account, reread.HoldId), Is.EqualTo(new[] { lots[1] }), "the row moved: the account was read again");
    }

    [Test]
    public async Task A_copy_made_stale_by_another_process_never_decides()
    {
        var account = $"user:warm-{Guid.NewGuid():N}";
        await Ledger.Grant(account, 10);
        await Ledger.Reserve(account, 1);
        using (var peer = Ledger.Peer())
        {
            await peer.Reserve(account, 8);
        }

        var error = await Fails(() => Ledger.Reserve(account, 5));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.InsufficientCredits), "the copy says 9 available; the database says 1");
        Assert.That(error.Metadata["available"], Is.EqualTo("1"));
        var granted = await Ledger.Grant(account, 4);
        Assert.That(granted.Balance.Available, Is.EqualTo(5), "the copy kept after the refusal is the fresh one");
    }

    [Test]
    public async Task A_retried_reserve_on_a_kept_account_returns_the_first_answer_and_holds_once()
    {
        var account = $"user:warm-{Guid.NewGuid():N}";
        await Ledger.Grant(account, 10);
        var command = Ledger.ReserveCommand(account, 3);

        var first = await Ledger.Ledger.ReserveAsync(command);
        var retried = await Ledger.Ledger.ReserveAsync(command);

        Assert.That(retried.HoldId, Is.EqualTo(first.HoldId));
        var (available, held) = await StoredBalanceAsync(account);
        Assert.That((available, held), Is.EqualTo((7L, 3L)));
    }

    [Test]
    public async Task A_retried_reserve_whose_new_decision_would_fail_still_returns_the_first_answer()
    {
        var account = $"user:warm-{Guid.NewGuid():N}";
        await Ledger.Grant(account, 10);
        var command = Ledger.ReserveCommand(account, 8);
        var first = await Ledger.Ledger.ReserveAsync(command);

        // Decided afresh, the retry would be refused (2 left); the stored answer wins.
        var retried = await Ledger.Ledger.ReserveAsync(command);

        Assert.That((retried.HoldId, retried.Amount), Is.EqualTo((first.HoldId, 8L)));
    }

    [Test]
    public async Task Two_processes_reserving_committing_and_releasing_on_one_account_concurrently_keep_its_balance_exact()
    {
        var account = $"user:warm-{Guid.NewGuid():N}";
        await Ledger.Grant(account, 1_000);
        using var peer = Ledger.Peer();

        var committed = await KeptAccountSpecs.RaceTwoProcessesAsync(Ledger, peer, account);

        var (available, held) = await StoredBalanceAsync(account);
        Assert.That(committed, Is.EqualTo(8 * 6 * 2), "six commits of 2 per caller");
        Assert.That((available, held), Is.EqualTo((1_000 - committed, 0L)));
        Assert.That(await Ledger.Verifier.VerifyAsync(), Is.Empty);
    }

    private Task<List<string>> LotIdsAsync(string account) => KeptAccountSpecs.LotIdsAsync(Ledger, account);

    private Task<string[]> PartsAsync(string account, string holdId) => KeptAccountSpecs.PartsAsync(Ledger, account, holdId);

    private Task<(long Available, long Held)> StoredBalanceAsync(string account) => KeptAccountSpecs.StoredBalanceAsync(Ledger, account);
}

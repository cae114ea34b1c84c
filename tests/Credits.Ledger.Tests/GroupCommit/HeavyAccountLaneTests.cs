using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using Credits.Ledger.Tests.Support;
using Credits.Testing;
using Npgsql;

namespace Credits.Ledger.Tests.GroupCommit;

/// <summary>
/// An account with hundreds of lots and holds is slow to load, and with its commands in an ordinary
/// lane every command queued behind its batch waited for it. Its commands now take a lane of their
/// own. PostgreSQL only: on SQLite one writer serves every lane, so no lane can pass another.
/// </summary>
public sealed class HeavyAccountLaneTests
{
    private const int HeavyRows = 250;

    private LedgerHarness Ledger { get; set; } = null!;

    [SetUp]
    public void CreateLedger() => Ledger = new LedgerHarness(DatabaseProvider.Postgres);

    [TearDown]
    public void DropLedger() => Ledger.Dispose();

    [Test]
    public async Task An_account_loaded_with_hundreds_of_lots_is_counted_heavy_and_a_small_one_is_not()
    {
        var heavy = await HeavyAccountAsync();
        var small = $"user:small-{Guid.NewGuid():N}";
        await Ledger.Grant(small, 10);
        await Ledger.Grant(small, 10);

        Assert.That(Ledger.Dispatcher.Heavy.Contains(Ids.Partition(heavy)), Is.True);
        Assert.That(Ledger.Dispatcher.Heavy.Contains(Ids.Partition(small)), Is.False);
    }

    [Test]
    public async Task A_heavy_accounts_stalled_batch_does_not_hold_up_an_account_of_its_old_lane()
    {
        var heavy = await HeavyAccountAsync();
        // An ordinary account that shared the heavy account's lane before it was counted heavy.
        var neighbour = Enumerable.Range(0, 1_000).Select(i => $"user:neighbour-{i}")
            .First(account => Ids.Partition(account) % 4 == Ids.Partition(heavy) % 4);
        await Ledger.Grant(neighbour, 10);

        // Another transaction holds the heavy account's row: its next batch waits for it.
        await using var blocker = new NpgsqlConnection(Ledger.Database.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM accounts WHERE account_id = @id FOR UPDATE", blocker, transaction))
        {
            lockRow.Parameters.AddWithValue("id", heavy);
            await lockRow.ExecuteScalarAsync();
        }
        var stalled = Ledger.Reserve(heavy, 1);
        await Task.Delay(200);

        var neighbours = Ledger.Reserve(neighbour, 1);

        Assert.That(await Task.WhenAny(neighbours, Task.Delay(Eventually.Timeout)), Is.SameAs(neighbours),
            "the neighbour's reserve completes while the heavy account's batch is stalled");
        Assert.That(stalled.IsCompleted, Is.False, "the heavy account's batch was still waiting");
        await transaction.RollbackAsync();
        Assert.That((await stalled).HoldId, Is.Not.Empty);
        Assert.That(await Ledger.Verifier.VerifyAsync(), Is.Empty);
    }

    /// <summary>An account with <see cref="HeavyRows"/> lots, loaded once more so the engine has seen its size.</summary>
    private async Task<string> HeavyAccountAsync()
    {
        var heavy = $"user:heavy-{Guid.NewGuid():N}";
        for (var granted = 0; granted < HeavyRows; granted += 50)
        {
            await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Ledger.Grant(heavy, 10)));
        }
        await Ledger.Grant(heavy, 10);
        return heavy;
    }
}

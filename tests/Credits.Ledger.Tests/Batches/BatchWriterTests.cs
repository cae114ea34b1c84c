using Credits.Ledger.Data;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Tests.Support;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Tests.Batches;

/// <summary>
/// The writer's last line of defence: an update that finds no row is a bug, and the batch must
/// not commit half of itself. On PostgreSQL the write also commits, so the check runs in SQL.
/// </summary>
public sealed class BatchWriterTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    [Test]
    public async Task A_batch_whose_update_finds_no_row_fails_and_writes_nothing()
    {
        var context = new RuleContext(Ledger.Time.GetUtcNow(), Ledger.Options);
        var batch = new Batch(context, new Credits.Ledger.Rules.LoadPlan().Entities);
        // Said to be stored, but never was: its UPDATE matches no row.
        var ghost = new Accounts.Account("user:ghost", persisted: true, 0, 0, 0, Accounts.LeadState.None, null, [], []);
        ghost.Grant(Ledger.GrantCommand("user:ghost", 10), context);
        batch.Accounts[ghost.AccountId] = ghost;

        await using var connection = await Ledger.Database.OpenConnectionAsync(CancellationToken.None);
        await using var transaction = Provider == DatabaseProvider.Sqlite ? await connection.BeginTransactionAsync() : null;
        if (transaction is null)
        {
            await using var begin = connection.CreateCommand();
            begin.CommandText = "BEGIN";
            await begin.ExecuteNonQueryAsync();
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => BatchWriter.WriteAsync(connection, transaction, batch, CancellationToken.None));

        if (transaction is null)
        {
            await using var rollback = connection.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }
        await using var db = Ledger.Database.Open();
        Assert.That(await db.Journal.CountAsync(), Is.Zero, "no journal entry of the failed batch");
        Assert.That(await db.Lots.CountAsync(), Is.Zero, "no lot of the failed batch");
    }
}

using System.Diagnostics.Metrics;
using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Batches;

public sealed class GroupCommitTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    [Test]
    public async Task Reserves_arriving_together_on_one_account_share_transactions()
    {
        await Ledger.Grant("user:hot", 1000);
        long transactions = 0;
        long commands = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LedgerMetrics.MeterName && instrument.Name == "credits.ledger.batch.size")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, size, _, _) =>
        {
            Interlocked.Increment(ref transactions);
            Interlocked.Add(ref commands, size);
        });
        listener.Start();

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => Ledger.Reserve("user:hot", 1))));
        listener.Dispose();

        Assert.That(commands, Is.EqualTo(64), "this test's reserves were measured");
        Assert.That(transactions, Is.LessThan(64), "some reserves shared a transaction");
        Assert.That((await Ledger.Balance("user:hot")).Held, Is.EqualTo(64));
    }

    [Test]
    public async Task A_caller_that_gives_up_before_its_command_is_batched_changes_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.That(async () => await Ledger.Ledger.GrantAsync(Ledger.GrantCommand("user:1", 10), cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That((await Ledger.Balance("user:1")).Available, Is.Zero);
    }

    [Test]
    public async Task A_hold_id_carries_the_partition_of_its_account_so_commits_follow_reserves()
    {
        await Ledger.Grant("user:routed", 10);

        var hold = await Ledger.Reserve("user:routed", 3);

        Assert.That(Ids.PartitionOfHold(hold.HoldId), Is.EqualTo(Ids.Partition("user:routed")));
        Assert.That(Ids.PartitionOfHold("hold_minted-elsewhere"), Is.EqualTo(Ids.Partition("hold_minted-elsewhere")));
    }
}

using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Batches;

public sealed class BatchTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    [Test]
    public async Task A_failing_command_in_a_batch_changes_nothing_and_never_fails_its_neighbours()
    {
        await Ledger.Grant("user:1", 10);

        var outcomes = await Ledger.Ledger.ExecuteBatchAsync(
        [
            Ledger.ReserveCommand("user:1", 4),
            Ledger.ReserveCommand("user:1", 100),
            Ledger.GrantCommand("user:2", 0),
            Ledger.ReserveCommand("user:1", 6),
        ]);

        Assert.That(outcomes[0].Error, Is.Null);
        Assert.That(outcomes[1].Error!.Kind, Is.EqualTo(LedgerErrorKind.InsufficientCredits));
        Assert.That(outcomes[1].Error!.Metadata["available"], Is.EqualTo("6"), "decided after the first reserve");
        Assert.That(outcomes[2].Error!.Kind, Is.EqualTo(LedgerErrorKind.InvalidRequest));
        Assert.That(outcomes[3].Error, Is.Null);
        var balance = await Ledger.Balance("user:1");
        Assert.That((balance.Available, balance.Held), Is.EqualTo((0L, 10L)));
    }

    [Test]
    public async Task A_batch_decides_commands_in_arrival_order_so_a_commit_may_follow_its_reserve()
    {
        await Ledger.Grant("user:1", 10);
        var reserve = await Ledger.Reserve("user:1", 5);

        var commit = new CommitCommand(LedgerHarness.Caller, reserve.HoldId, 2, LedgerHarness.NoMetadata);
        var second = Ledger.ReserveCommand("user:1", 8);

        var outcomes = await Ledger.Ledger.ExecuteBatchAsync([commit, second, new ReleaseCommand(LedgerHarness.Caller, reserve.HoldId)]);

        Assert.That(outcomes[0].ResultOf(commit).Committed, Is.EqualTo(2));
        Assert.That(outcomes[1].ResultOf(second).Amount, Is.EqualTo(8));
        Assert.That(outcomes[2].Error!.Kind, Is.EqualTo(LedgerErrorKind.HoldNotActive));
    }

    [Test]
    public async Task A_batch_loads_the_accounts_it_names_and_the_owners_of_the_holds_it_names_together()
    {
        await Ledger.Grant("user:1", 10);
        await Ledger.Grant("user:3", 10);
        var hold = await Ledger.Reserve("user:1", 5);
        var earlier = Ledger.ReserveCommand("user:3", 4, key: "reserve-once");
        var first = (await Ledger.Ledger.ExecuteBatchAsync([earlier]))[0].ResultOf(earlier);
        var commit = new CommitCommand(LedgerHarness.Caller, hold.HoldId, 3, LedgerHarness.NoMetadata);

        var outcomes = await Ledger.Ledger.ExecuteBatchAsync([commit, Ledger.GrantCommand("user:2", 7), earlier]);

        Assert.That(outcomes[0].ResultOf(commit).Committed, Is.EqualTo(3), "the hold's owner, named by no command, was loaded");
        Assert.That(outcomes[1].Error, Is.Null);
        Assert.That(outcomes[2].ResultOf(earlier).HoldId, Is.EqualTo(first.HoldId), "the named account's idempotency key was loaded");
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(7));
        Assert.That((await Ledger.Balance("user:2")).Available, Is.EqualTo(7));
        Assert.That((await Ledger.Balance("user:3")).Available, Is.EqualTo(6));
    }

    [Test]
    public async Task The_same_key_twice_in_one_batch_is_applied_once()
    {
        var command = Ledger.GrantCommand("user:1", 10, key: "twice");

        var outcomes = await Ledger.Ledger.ExecuteBatchAsync([command, command]);

        Assert.That(outcomes[1].ResultOf(command).LotId, Is.EqualTo(outcomes[0].ResultOf(command).LotId));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(10));
    }
}

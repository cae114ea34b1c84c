using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Journal;
using Credits.Ledger.Outbox;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Outbox;

public sealed class OutboxTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private OutboxStore Store => new(Ledger.Database, Ledger.Time);

    [Test]
    public async Task A_message_is_written_with_the_change_that_causes_it_and_carries_its_result()
    {
        var command = Ledger.GrantCommand("user:1", 10) with { Notification = new OutboxMessage("receipt.purchase", "{\"email\":\"a@b.c\"}") };

        await Ledger.Ledger.GrantAsync(command);

        var due = await Store.FetchDueAsync("receipt.purchase", 10);
        Assert.That(due, Has.Count.EqualTo(1));
        Assert.That(due[0].PayloadJson, Is.EqualTo("{\"email\":\"a@b.c\"}"));
        Assert.That(due[0].ResultJson, Does.Contain("\"available\":10"));
    }

    [Test]
    public async Task A_retried_command_does_not_send_its_message_twice()
    {
        var command = Ledger.GrantCommand("user:1", 10, key: "g") with { Notification = new OutboxMessage("receipt.purchase", "{}") };

        await Ledger.Ledger.GrantAsync(command);
        await Ledger.Ledger.GrantAsync(command);

        Assert.That(await Store.FetchDueAsync("receipt.purchase", 10), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_command_that_fails_sends_nothing()
    {
        var command = Ledger.ReserveCommand("user:1", 10) with { Notification = new OutboxMessage("receipt.purchase", "{}") };

        await Fails(() => Ledger.Ledger.ReserveAsync(command));

        Assert.That(await Store.FetchDueAsync("receipt.purchase", 10), Is.Empty);
    }

    [Test]
    public async Task A_failed_delivery_is_retried_later_and_a_sent_message_never_again()
    {
        await Ledger.Ledger.GrantAsync(Ledger.GrantCommand("user:1", 10) with { Notification = new OutboxMessage("receipt.purchase", "{}") });
        var message = (await Store.ClaimDueAsync("receipt.purchase", 10)).Single();

        await Store.MarkFailedAsync(message, "mail server down", TimeSpan.FromMinutes(1));
        var whileWaiting = await Store.FetchDueAsync("receipt.purchase", 10);
        Ledger.Advance(TimeSpan.FromMinutes(1));
        var retried = (await Store.ClaimDueAsync("receipt.purchase", 10)).Single();
        await Store.MarkSentAsync(retried);

        Assert.That(whileWaiting, Is.Empty);
        Assert.That(retried.Attempts, Is.EqualTo(1));
        Assert.That(await Store.FetchDueAsync("receipt.purchase", 10), Is.Empty);
    }

    [Test]
    public async Task A_claimed_message_goes_to_one_sender_until_its_lease_runs_out()
    {
        await Ledger.Ledger.GrantAsync(Ledger.GrantCommand("user:1", 10) with { Notification = new OutboxMessage("receipt.purchase", "{}") });

        var first = await Store.ClaimDueAsync("receipt.purchase", 10);
        var second = await Store.ClaimDueAsync("receipt.purchase", 10);
        Ledger.Advance(OutboxStore.ClaimLease);
        var afterLease = await Store.ClaimDueAsync("receipt.purchase", 10);

        Assert.That((first.Count, second.Count, afterLease.Count), Is.EqualTo((1, 0, 1)));
    }

    [Test]
    public async Task A_sender_whose_lease_ran_out_and_was_taken_over_records_nothing_and_cannot_renew_it()
    {
        await Ledger.Ledger.GrantAsync(Ledger.GrantCommand("user:1", 10) with { Notification = new OutboxMessage("receipt.purchase", "{}") });
        var late = (await Store.ClaimDueAsync("receipt.purchase", 10)).Single();
        Ledger.Advance(OutboxStore.ClaimLease);
        var current = (await Store.ClaimDueAsync("receipt.purchase", 10)).Single();

        var lateRenewed = await Store.RenewLeaseAsync(late);
        var lateSent = await Store.MarkSentAsync(late);
        var lateFailed = await Store.MarkFailedAsync(late, "too late", TimeSpan.FromHours(1));
        var lateDead = await Store.MarkDeadAsync(late, "too late");
        var lateDropped = await Store.MarkDroppedAsync(late, "too late");
        var renewed = await Store.RenewLeaseAsync(current);
        var sent = await Store.MarkSentAsync(renewed!);

        Assert.That((lateRenewed, lateSent, lateFailed, lateDead, lateDropped), Is.EqualTo(((PendingMessage?)null, false, false, false, false)));
        Assert.That((renewed is not null, sent), Is.EqualTo((true, true)), "the instance holding the lease records the send");
        Assert.That(await Store.MarkSentAsync(renewed!), Is.False, "once sent, no lease holds it any more");
    }

    [Test]
    public async Task A_dropped_message_is_never_sent_and_keeps_its_reason()
    {
        await Ledger.Ledger.GrantAsync(Ledger.GrantCommand("user:1", 10) with { Notification = new OutboxMessage("receipt.purchase", "{}") });
        var message = (await Store.ClaimDueAsync("receipt.purchase", 10)).Single();

        await Store.MarkDroppedAsync(message, "no recipient");
        Ledger.Advance(OutboxStore.ClaimLease);

        Assert.That(await Store.FetchDueAsync("receipt.purchase", 10), Is.Empty);
    }

    [Test]
    public async Task A_note_is_journalled_once_and_changes_nothing()
    {
        await Ledger.Grant("user:1", 10);
        var note = new NoteCommand(LedgerHarness.Caller, "user:1", "cs_failed", "note-1",
            new Dictionary<string, string> { ["reason"] = "async payment failed" });

        await Ledger.Ledger.NoteAsync(note);
        var again = await Ledger.Ledger.NoteAsync(note);

        var entries = await Ledger.History("user:1");
        Assert.That(entries.Count(e => e.Kind == EntryKind.Note), Is.EqualTo(1));
        Assert.That((entries.Last().Amount, entries.Last().Reference), Is.EqualTo((0L, "cs_failed")));
        Assert.That(again.Balance.Available, Is.EqualTo(10));
    }
}

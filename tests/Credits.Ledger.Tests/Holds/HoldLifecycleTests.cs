using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Holds;

public sealed class HoldLifecycleTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    [Test]
    public async Task Reserve_moves_credits_from_available_to_held()
    {
        await Ledger.Grant("user:1", 100);

        var hold = await Ledger.Reserve("user:1", 30);

        Assert.That(hold.Amount, Is.EqualTo(30));
        Assert.That(hold.ExpiresAt, Is.EqualTo(LedgerHarness.Start + TimeSpan.FromMinutes(5)), "default TTL is five minutes");
        Assert.That((hold.Balance.Available, hold.Balance.Held), Is.EqualTo((70L, 30L)));
        var balance = await Ledger.Balance("user:1");
        Assert.That((balance.Available, balance.Held), Is.EqualTo((70L, 30L)));
    }

    [Test]
    public async Task Reserve_of_more_than_available_fails_with_insufficient_credits_and_changes_nothing()
    {
        await Ledger.Grant("user:1", 10);
        var before = await Ledger.History("user:1");

        var error = await Fails(() => Ledger.Reserve("user:1", 11));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.InsufficientCredits));
        Assert.That(error.Metadata["available"], Is.EqualTo("10"));
        Assert.That(error.Metadata["requested"], Is.EqualTo("11"));
        Assert.That(await Ledger.History("user:1"), Has.Count.EqualTo(before.Count));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(10));
    }

    [Test]
    public async Task Reserve_on_an_account_that_never_had_credits_fails_with_insufficient_credits()
    {
        var error = await Fails(() => Ledger.Reserve("user:nobody", 1));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.InsufficientCredits));
        Assert.That(error.Metadata["available"], Is.EqualTo("0"));
    }

    [Test]
    public async Task Commit_without_amount_debits_the_whole_hold()
    {
        await Ledger.Grant("user:1", 100);
        var hold = await Ledger.Reserve("user:1", 30);

        var commit = await Ledger.Commit(hold.HoldId);

        Assert.That((commit.Committed, commit.Released), Is.EqualTo((30L, 0L)));
        Assert.That((commit.Balance.Available, commit.Balance.Held), Is.EqualTo((70L, 0L)));
    }

    [Test]
    public async Task Partial_commit_returns_the_rest_to_the_same_lots()
    {
        var first = await Ledger.Grant("user:1", 5, priority: 1);
        var second = await Ledger.Grant("user:1", 20, priority: 2);
        var hold = await Ledger.Reserve("user:1", 15);

        var commit = await Ledger.Commit(hold.HoldId, 7);

        Assert.That((commit.Committed, commit.Released), Is.EqualTo((7L, 8L)));
        Assert.That((commit.Balance.Available, commit.Balance.Held), Is.EqualTo((18L, 0L)));
        var entries = await Ledger.History("user:1");
        Assert.That(entries.Last().Parts, Is.EqualTo(new[] { new LotPart(first.LotId, 5), new LotPart(second.LotId, 2) }),
            "the debit takes the hold's lots in burn-down order");
        // What came back is in the second lot again: the next reserve of 18 takes 18 from it.
        await Ledger.Reserve("user:1", 18);
        Assert.That((await Ledger.History("user:1")).Last().Parts, Is.EqualTo(new[] { new LotPart(second.LotId, 18) }));
    }

    [Test]
    public async Task A_partial_commit_is_one_journal_entry()
    {
        await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 10);
        var before = (await Ledger.History("user:1")).Count;

        await Ledger.Commit(hold.HoldId, 4);

        var entries = await Ledger.History("user:1");
        Assert.That(entries, Has.Count.EqualTo(before + 1));
        Assert.That(entries.Last().Amount, Is.EqualTo(-4));
        Assert.That((entries.Last().AvailableAfter, entries.Last().HeldAfter), Is.EqualTo((6L, 0L)));
    }

    [Test]
    public async Task Release_returns_every_credit_to_its_lots()
    {
        await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 10);

        var release = await Ledger.Release(hold.HoldId);

        Assert.That(release.Released, Is.EqualTo(10));
        Assert.That((release.Balance.Available, release.Balance.Held), Is.EqualTo((10L, 0L)));
    }

    [Test]
    public async Task Commit_after_release_fails_with_hold_not_active()
    {
        await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 10);
        await Ledger.Release(hold.HoldId);

        var error = await Fails(() => Ledger.Commit(hold.HoldId));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.HoldNotActive));
        Assert.That(error.Metadata["holdId"], Is.EqualTo(hold.HoldId));
        Assert.That(error.Metadata["state"], Is.EqualTo("released"));
    }

    [Test]
    public async Task Release_after_commit_fails_with_hold_not_active()
    {
        await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 10);
        await Ledger.Commit(hold.HoldId);

        var error = await Fails(() => Ledger.Release(hold.HoldId));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.HoldNotActive));
        Assert.That(error.Metadata["state"], Is.EqualTo("committed"));
    }

    [Test]
    public async Task Commit_repeated_with_the_same_amount_returns_the_first_outcome_and_debits_once()
    {
        await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 10);
        var first = await Ledger.Commit(hold.HoldId, 6);
        var entries = (await Ledger.History("user:1")).Count;

        var again = await Ledger.Commit(hold.HoldId, 6);

        Assert.That((again.Committed, again.Released), Is.EqualTo((first.Committed, first.Released)));
        Assert.That(again.Balance.Available, Is.EqualTo(4));
        Assert.That(await Ledger.History("user:1"), Has.Count.EqualTo(entries));
    }

    [Test]
    public async Task Commit_repeated_with_a_different_amount_fails_with_already_committed()
    {
        await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 10);
        await Ledger.Commit(hold.HoldId, 6);

        var error = await Fails(() => Ledger.Commit(hold.HoldId, 7));
        var whole = await Fails(() => Ledger.Commit(hold.HoldId));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.HoldAlreadyCommitted));
        Assert.That(error.Metadata["committed"], Is.EqualTo("6"));
        Assert.That(whole.Kind, Is.EqualTo(LedgerErrorKind.HoldAlreadyCommitted), "unset amount means all 10, not the 6 committed");
    }

    [Test]
    public async Task Commit_of_more_than_reserved_is_invalid_and_changes_nothing()
    {
        await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 5);

        var error = await Fails(() => Ledger.Commit(hold.HoldId, 6));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.InvalidRequest));
        Assert.That(error.Field, Is.EqualTo("amount"));
        var commit = await Ledger.Commit(hold.HoldId, 5);
        Assert.That(commit.Committed, Is.EqualTo(5), "the hold is still active after the rejected commit");
    }

    [Test]
    public async Task Release_repeated_returns_the_same_outcome_and_journals_once()
    {
        await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 4);
        await Ledger.Release(hold.HoldId);
        var entries = (await Ledger.History("user:1")).Count;

        var again = await Ledger.Release(hold.HoldId);

        Assert.That(again.Released, Is.EqualTo(4));
        Assert.That(await Ledger.History("user:1"), Has.Count.EqualTo(entries));
    }

    [Test]
    public async Task Commit_and_release_of_an_unknown_hold_fail_with_hold_not_found()
    {
        var commit = await Fails(() => Ledger.Commit("hold_doesnotexist"));
        var release = await Fails(() => Ledger.Release("hold_doesnotexist"));

        Assert.That(commit.Kind, Is.EqualTo(LedgerErrorKind.HoldNotFound));
        Assert.That(commit.Metadata["holdId"], Is.EqualTo("hold_doesnotexist"));
        Assert.That(release.Kind, Is.EqualTo(LedgerErrorKind.HoldNotFound));
    }

    [Test]
    public async Task Journal_amounts_are_signed_changes_of_the_total()
    {
        await Ledger.Grant("user:1", 10);
        var first = await Ledger.Reserve("user:1", 4);
        await Ledger.Commit(first.HoldId, 3);
        var second = await Ledger.Reserve("user:1", 2);
        await Ledger.Release(second.HoldId);

        var entries = await Ledger.History("user:1");

        Assert.That(entries.Select(e => (e.Kind, e.Amount, e.AvailableAfter, e.HeldAfter)), Is.EqualTo(new[]
        {
            (EntryKind.Grant, 10L, 10L, 0L),
            (EntryKind.Reserve, 0L, 6L, 4L),
            (EntryKind.Commit, -3L, 7L, 0L),
            (EntryKind.Reserve, 0L, 5L, 2L),
            (EntryKind.Release, 0L, 7L, 0L),
        }));
        Assert.That(entries.Select(e => e.Sequence), Is.EqualTo(new long[] { 1, 2, 3, 4, 5 }));
        Assert.That(entries.All(e => e.Actor == LedgerHarness.Caller), Is.True, "the caller is written into the journal");
    }
}

using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Journal;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Expiry;

public sealed class HoldExpiryTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    [Test]
    public async Task A_hold_past_its_ttl_no_longer_counts_as_held_even_before_the_sweeper_runs()
    {
        await Ledger.Grant("user:1", 10);
        await Ledger.Reserve("user:1", 4, ttl: TimeSpan.FromSeconds(30));

        Ledger.Advance(TimeSpan.FromSeconds(30));

        var balance = await Ledger.Balance("user:1");
        Assert.That((balance.Available, balance.Held), Is.EqualTo((10L, 0L)));
        Assert.That((await Ledger.History("user:1")).Last().Kind, Is.EqualTo(EntryKind.Reserve), "reading wrote nothing");
    }

    [Test]
    public async Task A_hold_past_its_ttl_cannot_be_committed()
    {
        await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 4, ttl: TimeSpan.FromSeconds(30));
        Ledger.Advance(TimeSpan.FromSeconds(31));

        var error = await Fails(() => Ledger.Commit(hold.HoldId));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.HoldNotActive));
        Assert.That(error.Metadata["state"], Is.EqualTo("expired"));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(10));
    }

    [Test]
    public async Task Releasing_an_expired_hold_returns_the_same_outcome_as_the_expiry()
    {
        await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 4, ttl: TimeSpan.FromSeconds(30));
        Ledger.Advance(TimeSpan.FromMinutes(1));

        var release = await Ledger.Release(hold.HoldId);

        Assert.That(release.Released, Is.EqualTo(4));
        Assert.That(release.Balance.Available, Is.EqualTo(10));
        var kinds = (await Ledger.History("user:1")).Select(e => e.Kind);
        Assert.That(kinds, Is.EqualTo(new[] { EntryKind.Grant, EntryKind.Reserve, EntryKind.HoldExpire }));
    }

    [Test]
    public async Task The_sweeper_journals_the_expiry_of_a_hold_as_the_system()
    {
        await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 4, ttl: TimeSpan.FromSeconds(5));
        Ledger.Advance(TimeSpan.FromSeconds(5));

        var swept = await Ledger.Sweeper.SweepOnceAsync();

        Assert.That(swept, Is.EqualTo(1));
        var last = (await Ledger.History("user:1")).Last();
        Assert.That((last.Kind, last.HoldId, last.Amount, last.Actor), Is.EqualTo((EntryKind.HoldExpire, hold.HoldId, 0L, "system")));
        Assert.That((last.AvailableAfter, last.HeldAfter), Is.EqualTo((10L, 0L)));
        Assert.That(await Ledger.Sweeper.SweepOnceAsync(), Is.EqualTo(0), "nothing is due twice");
    }

    [Test]
    public async Task A_hold_before_its_ttl_is_left_alone_by_the_sweeper()
    {
        await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 4, ttl: TimeSpan.FromMinutes(1));
        Ledger.Advance(TimeSpan.FromSeconds(59));

        Assert.That(await Ledger.Sweeper.SweepOnceAsync(), Is.EqualTo(0));
        var commit = await Ledger.Commit(hold.HoldId);
        Assert.That(commit.Committed, Is.EqualTo(4));
    }
}

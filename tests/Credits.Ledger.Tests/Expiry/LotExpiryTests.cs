using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Expiry;

public sealed class LotExpiryTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    [Test]
    public async Task An_expired_lot_never_counts_even_before_the_sweeper_writes_its_expiry()
    {
        await Ledger.Grant("user:1", 10, expiresIn: TimeSpan.FromDays(1));
        await Ledger.Grant("user:1", 5);

        Ledger.Advance(TimeSpan.FromDays(1));

        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(5));
        var error = await Fails(() => Ledger.Reserve("user:1", 6));
        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.InsufficientCredits));
        Assert.That(error.Metadata["available"], Is.EqualTo("5"));
    }

    [Test]
    public async Task The_sweeper_journals_a_lot_expiry_as_a_negative_amount()
    {
        var lot = await Ledger.Grant("user:1", 10, expiresIn: TimeSpan.FromHours(1));
        Ledger.Advance(TimeSpan.FromHours(2));

        await Ledger.Sweeper.SweepOnceAsync();

        var last = (await Ledger.History("user:1")).Last();
        Assert.That((last.Kind, last.Amount, last.LotId), Is.EqualTo((EntryKind.LotExpire, -10L, lot.LotId)));
        Assert.That((last.AvailableAfter, last.HeldAfter), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task A_sweep_reports_the_entries_it_wrote_for_its_account()
    {
        await Ledger.Grant("user:1", 10, expiresIn: TimeSpan.FromHours(1));
        await Ledger.Grant("user:1", 4, expiresIn: TimeSpan.FromHours(1));
        await Ledger.Grant("user:2", 3);
        Ledger.Advance(TimeSpan.FromHours(2));

        SweepCommand[] sweeps = [new SweepCommand("user:1"), new SweepCommand("user:2")];

        var outcomes = await Ledger.Engine.ExecuteAsync(sweeps, CancellationToken.None);

        var entries = outcomes.Select((outcome, i) => outcome.ResultOf(sweeps[i]).Entries).ToList();
        Assert.That((entries[0], entries[1]), Is.EqualTo((2, 0)), "two lot expiries on user:1, nothing due on user:2");
    }

    [Test]
    public async Task A_grant_that_expires_in_the_past_is_invalid()
    {
        var error = await Fails(() => Ledger.Grant("user:1", 10, expiresIn: TimeSpan.FromSeconds(-1)));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.InvalidRequest));
        Assert.That(error.Field, Is.EqualTo("expires_at"));
    }

    [Test]
    public async Task Credits_of_a_lot_that_expires_while_held_stay_held_and_can_be_committed()
    {
        await Ledger.Grant("user:1", 10, expiresIn: TimeSpan.FromMinutes(1));
        var hold = await Ledger.Reserve("user:1", 6, ttl: TimeSpan.FromMinutes(10));
        Ledger.Advance(TimeSpan.FromMinutes(2));

        var during = await Ledger.Balance("user:1");
        var commit = await Ledger.Commit(hold.HoldId, 6);

        Assert.That((during.Available, during.Held), Is.EqualTo((0L, 6L)), "the unheld 4 expired, the held 6 did not");
        Assert.That(commit.Committed, Is.EqualTo(6));
        Assert.That((commit.Balance.Available, commit.Balance.Held), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task The_unused_part_of_a_hold_whose_lot_expired_meanwhile_expires_at_once_on_commit()
    {
        var lot = await Ledger.Grant("user:1", 10, expiresIn: TimeSpan.FromMinutes(1));
        var hold = await Ledger.Reserve("user:1", 6, ttl: TimeSpan.FromMinutes(10));
        Ledger.Advance(TimeSpan.FromMinutes(2));

        var commit = await Ledger.Commit(hold.HoldId, 2);

        Assert.That((commit.Committed, commit.Released), Is.EqualTo((2L, 4L)));
        Assert.That((commit.Balance.Available, commit.Balance.Held), Is.EqualTo((0L, 0L)));
        var tail = (await Ledger.History("user:1")).TakeLast(2).ToList();
        Assert.That((tail[0].Kind, tail[0].Amount), Is.EqualTo((EntryKind.Commit, -2L)));
        Assert.That((tail[1].Kind, tail[1].Amount, tail[1].LotId), Is.EqualTo((EntryKind.LotExpire, -4L, lot.LotId)));
    }

    [Test]
    public async Task Releasing_credits_whose_lot_expired_meanwhile_expires_them()
    {
        await Ledger.Grant("user:1", 10, expiresIn: TimeSpan.FromMinutes(1));
        await Ledger.Grant("user:1", 3, Bucket.Purchased, priority: 999);
        var hold = await Ledger.Reserve("user:1", 8, ttl: TimeSpan.FromMinutes(10));
        Ledger.Advance(TimeSpan.FromMinutes(2));

        var release = await Ledger.Release(hold.HoldId);

        Assert.That(release.Released, Is.EqualTo(8));
        Assert.That((release.Balance.Available, release.Balance.Held), Is.EqualTo((3L, 0L)));
    }

    [Test]
    public async Task A_hold_takes_from_the_lot_expiring_soonest_and_the_balance_reports_the_next_expiry()
    {
        var soon = Ledger.Time.GetUtcNow() + TimeSpan.FromDays(3);
        await Ledger.Grant("user:1", 7, Bucket.Promo, expiresIn: TimeSpan.FromDays(3));
        await Ledger.Grant("user:1", 9, Bucket.Promo, expiresIn: TimeSpan.FromDays(10));

        var balance = await Ledger.Balance("user:1");

        Assert.That(balance.NextExpiry, Is.Not.Null);
        Assert.That(balance.NextExpiry!.Amount, Is.EqualTo(7));
        Assert.That(balance.NextExpiry.ExpiresAt, Is.EqualTo(soon));
    }
}

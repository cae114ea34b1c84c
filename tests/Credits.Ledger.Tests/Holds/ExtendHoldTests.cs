using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Journal;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Holds;

public sealed class ExtendHoldTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private static readonly TimeSpan LifetimeMax = TimeSpan.FromHours(2);
    private static readonly string[] EndedStates = ["committed", "released", "expired"];
    private static readonly EntryKind[] ExtendedThenCommitted = [EntryKind.Grant, EntryKind.Reserve, EntryKind.HoldExtend, EntryKind.Commit];

    protected override LedgerOptions CreateOptions() => new() { HoldLifetimeMax = LifetimeMax };

    private Task<ExtendHoldResult> Extend(string holdId, TimeSpan ttl) =>
        Ledger.Ledger.ExtendHoldAsync(new ExtendHoldCommand(LedgerHarness.Caller, holdId, ttl));

    [Test]
    public async Task An_extended_hold_outlives_its_first_ttl_and_can_still_be_committed()
    {
        await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 4, ttl: TimeSpan.FromMinutes(1));
        Ledger.Advance(TimeSpan.FromSeconds(50));

        var extended = await Extend(hold.HoldId, TimeSpan.FromMinutes(10));
        Ledger.Advance(TimeSpan.FromMinutes(5));
        await Ledger.Sweeper.SweepOnceAsync();
        var committed = await Ledger.Commit(hold.HoldId, 3);

        Assert.That(extended.ExpiresAt, Is.EqualTo(LedgerHarness.Start + TimeSpan.FromSeconds(50) + TimeSpan.FromMinutes(10)));
        Assert.That((extended.Balance.Available, extended.Balance.Held), Is.EqualTo((6L, 4L)), "an extension moves no credits");
        Assert.That(committed.Committed, Is.EqualTo(3));
        var kinds = (await Ledger.History("user:1")).Select(entry => entry.Kind);
        Assert.That(kinds, Is.EqualTo(ExtendedThenCommitted));
    }

    [Test]
    public async Task An_extended_hold_expires_at_its_new_time()
    {
        await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 4, ttl: TimeSpan.FromMinutes(1));
        await Extend(hold.HoldId, TimeSpan.FromMinutes(3));

        Ledger.Advance(TimeSpan.FromMinutes(3));
        var error = await Fails(() => Ledger.Commit(hold.HoldId));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.HoldNotActive));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(10));
    }

    [Test]
    public async Task Extending_again_with_the_same_or_a_shorter_ttl_changes_nothing()
    {
        await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 4, ttl: TimeSpan.FromMinutes(1));

        var first = await Extend(hold.HoldId, TimeSpan.FromMinutes(30));
        var again = await Extend(hold.HoldId, TimeSpan.FromMinutes(30));
        var shorter = await Extend(hold.HoldId, TimeSpan.FromMinutes(2));

        Assert.That(again.ExpiresAt, Is.EqualTo(first.ExpiresAt));
        Assert.That(shorter.ExpiresAt, Is.EqualTo(first.ExpiresAt));
        Assert.That((await Ledger.History("user:1")).Count(entry => entry.Kind == EntryKind.HoldExtend), Is.EqualTo(1));
    }

    [Test]
    public async Task A_hold_cannot_live_longer_than_its_lifetime_cap_from_its_reserve()
    {
        await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 4, ttl: TimeSpan.FromMinutes(30));
        Ledger.Advance(TimeSpan.FromMinutes(20));
        await Extend(hold.HoldId, TimeSpan.FromMinutes(100));   // ends exactly at the cap: 20 + 100 = 120 minutes
        Ledger.Advance(TimeSpan.FromMinutes(90));

        var error = await Fails(() => Extend(hold.HoldId, TimeSpan.FromMinutes(11)));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.HoldLifetimeExceeded));
        Assert.That(error.Metadata["holdId"], Is.EqualTo(hold.HoldId));
        Assert.That(error.Metadata["lifetimeMaxSeconds"], Is.EqualTo("7200"));
        Assert.That(error.Metadata["expiresAtMax"], Is.EqualTo("2026-01-01T02:00:00.000Z"));
        Assert.That((await Ledger.History("user:1")).Count(entry => entry.Kind == EntryKind.HoldExtend), Is.EqualTo(1), "the refusal wrote nothing");
    }

    [Test]
    public async Task A_committed_released_or_expired_hold_is_not_active()
    {
        await Ledger.Grant("user:1", 10);
        var committed = await Ledger.Reserve("user:1", 1);
        await Ledger.Commit(committed.HoldId);
        var released = await Ledger.Reserve("user:1", 1);
        await Ledger.Release(released.HoldId);
        var expired = await Ledger.Reserve("user:1", 1, ttl: TimeSpan.FromSeconds(30));
        Ledger.Advance(TimeSpan.FromSeconds(30));

        var states = new List<string>();
        foreach (var hold in new[] { committed, released, expired })
        {
            var error = await Fails(() => Extend(hold.HoldId, TimeSpan.FromMinutes(5)));
            Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.HoldNotActive));
            states.Add(error.Metadata["state"]);
        }

        Assert.That(states, Is.EqualTo(EndedStates));
    }

    [Test]
    public async Task Bad_input_is_refused_before_anything_changes()
    {
        await Ledger.Grant("user:1", 10);
        var hold = await Ledger.Reserve("user:1", 1);

        var tooLong = await Fails(() => Extend(hold.HoldId, TimeSpan.FromHours(25)));
        var tooShort = await Fails(() => Extend(hold.HoldId, TimeSpan.Zero));
        var unknown = await Fails(() => Extend("hold_unknown", TimeSpan.FromMinutes(1)));

        Assert.That((tooLong.Kind, tooLong.Metadata.GetValueOrDefault("field")), Is.EqualTo((LedgerErrorKind.InvalidRequest, "ttl")));
        Assert.That(tooShort.Kind, Is.EqualTo(LedgerErrorKind.InvalidRequest));
        Assert.That(unknown.Kind, Is.EqualTo(LedgerErrorKind.HoldNotFound));
        Assert.That((await Ledger.History("user:1")).Count, Is.EqualTo(2));
    }
}

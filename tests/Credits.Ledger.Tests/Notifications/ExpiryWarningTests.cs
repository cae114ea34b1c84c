using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Lots;
using Credits.Ledger.Notifications;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Notifications;

/// <summary>
/// CREDITS_EXPIRING: 7 days and 1 day before a lot's unspent credits expire (the defaults), each
/// once per lot, decided with the account locked by whichever batch comes first (the sweeper's,
/// or a Reserve's), naming the lot, the credits, the date and what a rollover keeps.
/// </summary>
public sealed class ExpiryWarningTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private static readonly List<int> OnlyOneDay = [1];

    private NotificationInbox Inbox => new(Ledger.Database);

    private async Task<List<(long Sequence, string LotId, long Amount, DateTimeOffset ExpiresAt, long Rollover, int Days)>> Warnings(string account) =>
        [.. (await Inbox.ListAsync(account, 0, 100, unreadOnly: false))
            .Where(note => note.Kind == NotificationKind.CreditsExpiring)
            .Select(note => (note.Sequence, note.Expiring!.LotId, note.Expiring.Amount, note.Expiring.ExpiresAt, note.Expiring.RolloverAmount, note.Expiring.DaysBefore))];

    private Task<int> Sweep() => Ledger.Sweeper.SweepOnceAsync();

    [Test]
    public async Task A_lot_is_warned_seven_days_and_one_day_before_it_expires_each_once()
    {
        var lot = await Ledger.Grant("user:1", 100, Bucket.Promo, expiresIn: TimeSpan.FromDays(10));
        var expiresAt = LedgerHarness.Start.AddDays(10);

        Ledger.Advance(TimeSpan.FromDays(3) - TimeSpan.FromSeconds(1));
        await Sweep();
        Assert.That(await Warnings("user:1"), Is.Empty, "7 days and 1 second before: not yet");

        Ledger.Advance(TimeSpan.FromSeconds(1));
        await Sweep();
        await Sweep();
        Ledger.Advance(TimeSpan.FromDays(5));
        await Sweep();
        Assert.That(await Warnings("user:1"), Is.EqualTo(new[] { (1L, lot.LotId, 100L, expiresAt, 0L, 7) }), "exactly 7 days before, once");

        Ledger.Advance(TimeSpan.FromDays(1));
        await Sweep();
        Ledger.Advance(TimeSpan.FromDays(2));
        await Sweep();
        Assert.That((await Warnings("user:1")).Select(warning => (warning.Sequence, warning.Days)), Is.EqualTo(new[] { (1L, 7), (2L, 1) }),
            "then 1 day before, once; nothing after the expiry");
    }

    [Test]
    public async Task A_lot_first_seen_inside_both_windows_gets_only_the_nearest_warning()
    {
        await Ledger.Grant("user:1", 40, Bucket.Promo, expiresIn: TimeSpan.FromHours(12));

        await Sweep();
        Ledger.Advance(TimeSpan.FromHours(1));
        await Sweep();

        Assert.That((await Warnings("user:1")).Select(warning => warning.Days).ToList(), Is.EqualTo(OnlyOneDay));
    }

    [Test]
    public async Task A_lot_granted_inside_a_window_is_warned_by_its_own_grant_not_by_the_next_request()
    {
        var lot = await Ledger.Grant("user:1", 40, Bucket.Promo, expiresIn: TimeSpan.FromHours(12));

        Assert.That((await Warnings("user:1")).Select(warning => (warning.LotId, warning.Days)), Is.EqualTo(new[] { (lot.LotId, 1) }),
            "in the grant's transaction, before any sweep or other request");
        Assert.That((await Fails(() => Ledger.Reserve("user:1", 41))).Kind, Is.EqualTo(Errors.LedgerErrorKind.InsufficientCredits));
        Assert.That(await Warnings("user:1"), Has.Count.EqualTo(1), "a refused request that loads the account writes no warning");
    }

    [Test]
    public async Task A_reserve_gives_a_due_warning_before_the_sweeper_does_and_it_names_only_unheld_credits()
    {
        await Ledger.Grant("user:1", 100, Bucket.Promo, expiresIn: TimeSpan.FromDays(5));
        await Ledger.Grant("user:1", 50);                                 // never expires: never warned

        await Ledger.Reserve("user:1", 30);                               // burns the expiring lot first
        await Sweep();

        Assert.That((await Warnings("user:1")).Select(warning => (warning.Amount, warning.Days)), Is.EqualTo(new[] { (100L, 7) }),
            "the Reserve's batch caught it up before pinning 30");
    }

    [Test]
    public async Task A_spent_lot_is_not_warned()
    {
        await Ledger.Grant("user:1", 10, Bucket.Promo, expiresIn: TimeSpan.FromDays(10));
        var hold = await Ledger.Reserve("user:1", 10);
        await Ledger.Commit(hold.HoldId);

        Ledger.Advance(TimeSpan.FromDays(5));
        await Sweep();

        Assert.That(await Warnings("user:1"), Is.Empty);
    }

    [Test]
    public async Task A_subscription_allowance_says_what_its_rollover_keeps()
    {
        await Ledger.Ledger.GrantAsync(Ledger.GrantCommand("user:1", 400, Bucket.Subscription, expiresIn: TimeSpan.FromDays(30))
            with { Rollover = new RolloverTerms(150, LedgerHarness.Start.AddDays(60)) });

        Ledger.Advance(TimeSpan.FromDays(23));
        await Sweep();

        Assert.That((await Warnings("user:1")).Select(warning => (warning.Amount, warning.Rollover)), Is.EqualTo(new[] { (400L, 150L) }),
            "250 of the 400 will be lost");
    }

    [Test]
    public async Task With_in_app_off_the_warning_is_used_up_and_nothing_is_listed()
    {
        await Ledger.Ledger.SetNotificationPreferencesAsync(new SetNotificationPreferencesCommand(LedgerHarness.Caller, "user:1",
            new NotificationPreferences([20], NotificationChannels.Email), Ledger.NewKey()));
        await Ledger.Grant("user:1", 100, Bucket.Promo, expiresIn: TimeSpan.FromDays(5));

        await Sweep();
        await Ledger.Ledger.SetNotificationPreferencesAsync(new SetNotificationPreferencesCommand(LedgerHarness.Caller, "user:1",
            new NotificationPreferences([20], NotificationChannels.InApp), Ledger.NewKey()));
        await Sweep();

        Assert.That(await Warnings("user:1"), Is.Empty, "turning in-app on does not replay the 7-day warning");
    }

    [Test]
    public async Task The_verifier_finds_nothing_wrong_after_a_warning_is_written()
    {
        await Ledger.Grant("user:1", 100, Bucket.Promo, expiresIn: TimeSpan.FromDays(2));
        await Sweep();

        Assert.That(await Warnings("user:1"), Has.Count.EqualTo(1), "a warning was written with its lot's state");
        Assert.That(await Ledger.Verifier.VerifyAsync(), Is.Empty);
    }
}

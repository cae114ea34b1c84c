using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Notifications;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Notifications;

/// <summary>
/// Low balance is a percent of the available balance right after the last top-up; each threshold
/// fires at most once per top-up, in the transaction of the change that crosses it.
/// </summary>
public sealed class LowBalanceNotificationTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private NotificationInbox Inbox => new(Ledger.Database);

    // Low balance and depleted only: a lot expiring within a week also gets its expiry warning (ExpiryWarningTests), a fast burn its run-out forecast (RunOutForecastTests).
    private async Task<List<(NotificationKind Kind, int Threshold, long Balance)>> Notifications(string account) =>
        (await Inbox.ListAsync(account, 0, 100, unreadOnly: false)).Where(note => note.Kind is NotificationKind.LowBalance or NotificationKind.Depleted)
            .Select(note => (note.Kind, note.ThresholdPercent, note.Balance)).ToList();

    [Test]
    public async Task Exactly_twenty_percent_of_the_top_up_fires_and_one_credit_above_does_not()
    {
        await Ledger.Grant("user:edge", 100);

        await Ledger.Reserve("user:edge", 79);
        Assert.That(await Notifications("user:edge"), Is.Empty, "21 of 100 is above 20%");

        await Ledger.Reserve("user:edge", 1);
        var notes = await Inbox.ListAsync("user:edge", 0, 100, unreadOnly: false);
        Assert.That(notes.Select(note => (note.Kind, note.ThresholdPercent, note.Balance, note.TopUpBalance, note.Sequence)),
            Is.EqualTo(new[] { (NotificationKind.LowBalance, 20, 20L, 100L, 1L) }));
        Assert.That(notes[0].CreatedAt, Is.EqualTo(LedgerHarness.Start));
        Assert.That(notes[0].JournalSequence, Is.EqualTo((await Ledger.Balance("user:edge")).LastSequence), "it names the entry that crossed");
    }

    [Test]
    public async Task Thirty_two_concurrent_reserve_and_commit_pairs_crossing_twenty_percent_give_one_notification()
    {
        await Ledger.Grant("user:busy", 1000);

        // 32 x 26 = 832: available ends at 168, below 20% (200) and above 10% (100).
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            var hold = await Ledger.Reserve("user:busy", 26);
            await Ledger.Commit(hold.HoldId);
        })));

        Assert.That((await Ledger.Balance("user:busy")).Available, Is.EqualTo(168));
        var notes = await Notifications("user:busy");
        Assert.That(notes.Select(note => (note.Kind, note.Threshold)), Is.EqualTo(new[] { (NotificationKind.LowBalance, 20) }));
        Assert.That(notes[0].Balance, Is.EqualTo(194), "decided by the 31st reserve, whatever the order: 1000 - 31 x 26 is the first at or below 200");
    }

    [Test]
    public async Task A_change_crossing_twenty_and_ten_percent_gives_one_notification_naming_ten_then_five_then_depleted()
    {
        await Ledger.Grant("user:fall", 100);

        await Ledger.Reserve("user:fall", 91);
        await Ledger.Reserve("user:fall", 4);
        await Ledger.Reserve("user:fall", 5);

        Assert.That(await Notifications("user:fall"), Is.EqualTo(new[]
        {
            (NotificationKind.LowBalance, 10, 9L),
            (NotificationKind.LowBalance, 5, 5L),
            (NotificationKind.Depleted, 0, 0L),
        }));
    }

    [Test]
    public async Task A_release_does_not_re_arm_a_threshold_and_a_top_up_does()
    {
        await Ledger.Grant("user:rearm", 100);
        var hold = await Ledger.Reserve("user:rearm", 80);
        await Ledger.Release(hold.HoldId);
        await Ledger.Reserve("user:rearm", 80);
        Assert.That(await Notifications("user:rearm"), Is.EqualTo(new[] { (NotificationKind.LowBalance, 20, 20L) }),
            "the release raised available back to 100, but 20% stays fired until a top-up");

        await Ledger.Grant("user:rearm", 100);
        await Ledger.Reserve("user:rearm", 96);

        var notes = await Inbox.ListAsync("user:rearm", 0, 100, unreadOnly: false);
        Assert.That(notes.Select(note => (note.Sequence, note.ThresholdPercent, note.Balance, note.TopUpBalance)),
            Is.EqualTo(new[] { (1L, 20, 20L, 100L), (2L, 20, 24L, 120L) }), "the top-up left 120: 24 is 20% of it");
    }

    [Test]
    public async Task A_lot_expiring_on_a_moved_clock_fires_in_the_sweep_that_removes_it()
    {
        await Ledger.Grant("user:expiring", 100, expiresIn: TimeSpan.FromDays(1));
        await Ledger.Grant("user:expiring", 20);

        Ledger.Advance(TimeSpan.FromDays(2));
        await Ledger.Sweeper.SweepOnceAsync();

        Assert.That(await Notifications("user:expiring"), Is.EqualTo(new[] { (NotificationKind.LowBalance, 20, 20L) }),
            "20 left of the 120 after the last top-up");
    }

    [Test]
    public async Task Custom_thresholds_replace_the_defaults()
    {
        await SetPreferences("user:custom", new NotificationPreferences([30, 50], NotificationChannels.InApp));
        await Ledger.Grant("user:custom", 100);

        await Ledger.Reserve("user:custom", 50);
        await Ledger.Reserve("user:custom", 35);

        Assert.That(await Notifications("user:custom"), Is.EqualTo(new[] { (NotificationKind.LowBalance, 50, 50L), (NotificationKind.LowBalance, 30, 15L) }),
            "20, 10 and 5 are not thresholds of this account");
    }

    [Test]
    public async Task In_app_off_lists_nothing_and_uses_the_threshold_up()
    {
        await SetPreferences("user:quiet", new NotificationPreferences([20, 10, 5], NotificationChannels.Email));
        await Ledger.Grant("user:quiet", 100);
        await Ledger.Reserve("user:quiet", 85);
        Assert.That(await Notifications("user:quiet"), Is.Empty);

        await SetPreferences("user:quiet", NotificationPreferences.Default);
        await Ledger.Reserve("user:quiet", 1);
        Assert.That(await Notifications("user:quiet"), Is.Empty, "20% fired while in-app was off; 14% crosses nothing new");
    }

    [Test]
    public async Task Preferences_are_kept_per_account_and_a_retry_returns_the_first_answer()
    {
        Assert.That(await Inbox.GetPreferencesAsync("user:never"), Is.EqualTo(NotificationPreferences.Default));
        var command = new SetNotificationPreferencesCommand(LedgerHarness.Caller, "user:prefs",
            new NotificationPreferences([5, 50, 25], NotificationChannels.InApp | NotificationChannels.Webhook), Ledger.NewKey());

        var first = await Ledger.Ledger.SetNotificationPreferencesAsync(command);
        var retry = await Ledger.Ledger.SetNotificationPreferencesAsync(command);
        var reused = await Fails(() => Ledger.Ledger.SetNotificationPreferencesAsync(
            command with { Preferences = NotificationPreferences.Default }));

        var expected = new NotificationPreferences([50, 25, 5], NotificationChannels.InApp | NotificationChannels.Webhook);
        Assert.That(first.Preferences, Is.EqualTo(expected), "stored highest first");
        Assert.That(retry.Preferences, Is.EqualTo(expected));
        Assert.That(reused.Kind, Is.EqualTo(LedgerErrorKind.IdempotencyKeyReused));
        Assert.That(await Inbox.GetPreferencesAsync("user:prefs"), Is.EqualTo(expected));
    }

    [TestCase(0, "preferences.low_balance_thresholds[1]")]
    [TestCase(100, "preferences.low_balance_thresholds[1]")]
    [TestCase(20, "preferences.low_balance_thresholds[1]")]
    public async Task Bad_thresholds_are_invalid_and_change_nothing(int bad, string field)
    {
        var error = await Fails(() => SetPreferences("user:bad", new NotificationPreferences([20, bad], NotificationChannels.InApp)));

        Assert.That((error.Kind, error.Error.Field), Is.EqualTo((LedgerErrorKind.InvalidRequest, field)));
        Assert.That(await Inbox.GetPreferencesAsync("user:bad"), Is.EqualTo(NotificationPreferences.Default));
    }

    [Test]
    public async Task Marking_read_up_to_a_sequence_leaves_later_ones_unread_and_repeats_harmlessly()
    {
        await Ledger.Grant("user:reader", 100);
        await Ledger.Reserve("user:reader", 85);
        await Ledger.Reserve("user:reader", 15);

        var marked = await Inbox.MarkReadAsync("user:reader", 1);
        var again = await Inbox.MarkReadAsync("user:reader", 1);

        Assert.That((marked, again), Is.EqualTo((1, 0)));
        var unread = await Inbox.ListAsync("user:reader", 0, 100, unreadOnly: true);
        Assert.That(unread.Select(note => (note.Sequence, note.Kind)), Is.EqualTo(new[] { (2L, NotificationKind.Depleted) }));
    }

    [Test]
    public async Task With_notifications_switched_off_nothing_is_decided()
    {
        using var off = new LedgerHarness(Provider, new LedgerOptions { Notifications = { Enabled = false } });
        await off.Grant("user:off", 100);
        await off.Reserve("user:off", 100);

        Assert.That(await new NotificationInbox(off.Database).ListAsync("user:off", 0, 100, unreadOnly: false), Is.Empty);
    }

    private Task<NotificationPreferencesResult> SetPreferences(string account, NotificationPreferences preferences) =>
        Ledger.Ledger.SetNotificationPreferencesAsync(new SetNotificationPreferencesCommand(LedgerHarness.Caller, account, preferences, Ledger.NewKey()));
}

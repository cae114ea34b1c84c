using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Notifications;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Notifications;

/// <summary>
/// RUN_OUT_FORECAST fires when the available credits last fewer than RunOutDays (3) at the burn rate
/// kept from the account's commits, at most once per top-up, in the transaction of the change.
/// </summary>
public sealed class RunOutForecastTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private static readonly long[] BeforeAndAfterTopUp = [600, 350];

    private NotificationInbox Inbox => new(Ledger.Database);

    private async Task<List<AccountNotification>> Forecasts(string account) =>
        (await Inbox.ListAsync(account, 0, 100, unreadOnly: false)).Where(note => note.Kind == NotificationKind.RunOutForecast).ToList();

    private async Task Spend(string account, long credits)
    {
        var hold = await Ledger.Reserve(account, credits);
        await Ledger.Commit(hold.HoldId);
    }

    /// <summary>Spends <paramref name="credits"/> on each of <paramref name="days"/> days, a day apart (the clock ends a day after the last).</summary>
    private async Task SpendDaily(string account, long credits, int days)
    {
        for (var day = 0; day < days; day++)
        {
            await Spend(account, credits);
            Ledger.Advance(TimeSpan.FromDays(1));
        }
    }

    [Test]
    public async Task A_fast_burn_fires_once_with_the_date_the_credits_run_out_and_not_again_until_a_top_up()
    {
        await Ledger.Grant("user:fast", 1000);

        await Spend("user:fast", 100);
        Assert.That(await Forecasts("user:fast"), Is.Empty, "900 left at about 100 a day: 9 days");
        Ledger.Advance(TimeSpan.FromDays(1));
        await Spend("user:fast", 300);

        var fired = await Forecasts("user:fast");
        Assert.That(fired.Select(note => (note.Balance, note.JournalSequence)),
            Is.EqualTo(new[] { (600L, (await Ledger.Balance("user:fast")).LastSequence) }), "the commit that made the rate decided it");
        var now = LedgerHarness.Start.AddDays(1);
        Assert.That(fired[0].CreatedAt, Is.EqualTo(now));
        Assert.That(fired[0].RunOutAt, Is.GreaterThan(now.AddDays(2)).And.LessThan(now.AddDays(3)),
            "about 200 a day over two days: 600 last about three days, weighted towards the later day");

        await SpendDaily("user:fast", 150, 3);
        Assert.That(await Forecasts("user:fast"), Has.Count.EqualTo(1), "fired once until a top-up");

        await Ledger.Grant("user:fast", 500);
        await Spend("user:fast", 300);
        Assert.That((await Forecasts("user:fast")).Select(note => note.Balance), Is.EqualTo(BeforeAndAfterTopUp), "the top-up re-armed it");
    }

    [Test]
    public async Task A_slow_burn_does_not_fire()
    {
        await Ledger.Grant("user:slow", 1000);

        await SpendDaily("user:slow", 20, 10);

        Assert.That((await Ledger.Balance("user:slow")).Available, Is.EqualTo(800));
        Assert.That(await Forecasts("user:slow"), Is.Empty, "800 last about 40 days at 20 a day");
    }

    [Test]
    public async Task The_first_day_of_spending_never_fires_however_fast_and_the_next_day_does()
    {
        await Ledger.Grant("user:newcomer", 1000);

        await Spend("user:newcomer", 900);
        Assert.That(await Forecasts("user:newcomer"), Is.Empty, "less than a day of spending is no rate yet");

        Ledger.Advance(TimeSpan.FromDays(1));
        await Spend("user:newcomer", 10);
        Assert.That((await Forecasts("user:newcomer")).Select(note => note.Balance), Is.EqualTo((long[])[90]));
    }

    [Test]
    public async Task Reserving_without_spending_does_not_fire()
    {
        await Ledger.Grant("user:holder", 1000);
        await SpendDaily("user:holder", 10, 1);

        await Ledger.Reserve("user:holder", 900);

        Assert.That(await Forecasts("user:holder"), Is.Empty, "a hold is not spend: nothing was committed");
    }

    [Test]
    public async Task With_in_app_off_nothing_is_listed_and_the_forecast_stays_used_up_until_a_top_up()
    {
        await SetPreferences("user:mailonly", new NotificationPreferences([20, 10, 5], NotificationChannels.Email));
        await Ledger.Grant("user:mailonly", 1000);
        await SpendDaily("user:mailonly", 100, 1);
        await Spend("user:mailonly", 400);
        Assert.That(await Forecasts("user:mailonly"), Is.Empty);

        await SetPreferences("user:mailonly", NotificationPreferences.Default);
        await Spend("user:mailonly", 100);
        Assert.That(await Forecasts("user:mailonly"), Is.Empty, "it fired for e-mail only; turning in-app on does not replay it");

        await Ledger.Grant("user:mailonly", 100);
        await Spend("user:mailonly", 100);
        Assert.That(await Forecasts("user:mailonly"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Zero_run_out_days_turn_the_forecast_off()
    {
        using var off = new LedgerHarness(Provider, new LedgerOptions { Notifications = { RunOutDays = 0 } });
        await off.Grant("user:nodays", 1000);
        await off.Commit((await off.Reserve("user:nodays", 10)).HoldId);
        off.Advance(TimeSpan.FromDays(1));
        var hold = await off.Reserve("user:nodays", 890);
        await off.Commit(hold.HoldId);

        var notes = await new NotificationInbox(off.Database).ListAsync("user:nodays", 0, 100, unreadOnly: false);
        Assert.That(notes.Select(note => note.Kind), Is.EqualTo(new[] { NotificationKind.LowBalance }), "the thresholds still fire");
    }

    private Task<NotificationPreferencesResult> SetPreferences(string account, NotificationPreferences preferences) =>
        Ledger.Ledger.SetNotificationPreferencesAsync(new SetNotificationPreferencesCommand(LedgerHarness.Caller, account, preferences, Ledger.NewKey()));
}

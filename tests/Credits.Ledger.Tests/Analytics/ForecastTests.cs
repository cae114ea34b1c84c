using Credits.Ledger.Analytics;
using Credits.Ledger.Data;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Analytics;

/// <summary>
/// GetForecast on hand-computed cases. The burn rate is the weighted mean of the last 28 full UTC
/// days of spending, each day's weight halving every 7 days of age; the lots are drawn down at that
/// rate, soonest expiry first. The clock starts on 2026-01-01 00:00 UTC, when each test's account
/// is created by its first grant.
/// </summary>
public sealed class ForecastTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private Forecasts Forecasts => new(Ledger.Usage, Ledger.Time);

    private static DateTimeOffset On(int month, int day, int hour = 0) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    private void MoveTo(DateTimeOffset instant) => Ledger.Advance(instant - Ledger.Time.GetUtcNow());

    /// <summary>Commits <paramref name="credits"/> at noon of each day from <paramref name="first"/> to <paramref name="last"/>.</summary>
    private async Task SpendDailyAsync(DateTimeOffset first, DateTimeOffset last, long credits)
    {
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            MoveTo(day.AddHours(12));
            await Ledger.Commit((await Ledger.Reserve("user:1", credits)).HoldId);
        }
    }

    [Test]
    public async Task Spending_10_a_day_for_28_days_burns_10_a_day_and_runs_out_when_the_rest_is_spent()
    {
        await Ledger.Grant("user:1", 10_000);
        await SpendDailyAsync(On(1, 1), On(1, 28), 10);
        MoveTo(On(1, 29, 12));

        var forecast = await Forecasts.GetForecastAsync("user:1");

        Assert.That(forecast.BurnRatePerDay, Is.EqualTo(10).Within(1e-9));
        Assert.That(forecast.Available, Is.EqualTo(9_720));
        Assert.That(forecast.RunOutAt, Is.EqualTo(On(1, 29, 12).AddDays(972)), "9,720 credits at 10 a day");
        Assert.That(forecast.SuggestedTopUpCredits, Is.EqualTo(300), "30 days at 10 a day");
        Assert.That(forecast.ExpiringUnused, Is.Empty);
    }

    [Test]
    public async Task Last_week_weighs_eight_fifteenths_of_the_window()
    {
        await Ledger.Grant("user:1", 1_000);
        await SpendDailyAsync(On(1, 22), On(1, 28), 10);
        MoveTo(On(1, 29, 12));

        var forecast = await Forecasts.GetForecastAsync("user:1");

        // Weights 2^(-(age-1)/7): ages 1-7 hold (1 - 1/2) / (1 - 1/16) = 8/15 of the 28 days' weight.
        Assert.That(forecast.BurnRatePerDay, Is.EqualTo(10.0 * 8 / 15).Within(1e-9));
    }

    [Test]
    public async Task A_new_account_is_judged_on_the_days_it_existed()
    {
        await Ledger.Grant("user:1", 1_000);
        await SpendDailyAsync(On(1, 1), On(1, 5), 10);
        MoveTo(On(1, 6, 12));

        var forecast = await Forecasts.GetForecastAsync("user:1");

        Assert.That(forecast.BurnRatePerDay, Is.EqualTo(10).Within(1e-9), "5 days of 10, not diluted by 23 days before it existed");
    }

    [Test]
    public async Task Credits_that_expire_before_they_can_be_spent_are_listed_and_the_run_out_date_skips_them()
    {
        await Ledger.Grant("user:1", 1_000);
        await SpendDailyAsync(On(1, 1), On(1, 28), 10);
        MoveTo(On(1, 29, 12));
        var soon = await Ledger.Grant("user:1", 50, Bucket.Promo, expiresIn: TimeSpan.FromDays(2));

        var forecast = await Forecasts.GetForecastAsync("user:1");

        // 20 of the 50 are spent in their 2 days; the other 720 last 72 days from their expiry.
        Assert.That(forecast.ExpiringUnused, Is.EqualTo(new[] { new ExpiringCredits(soon.LotId, 30, On(1, 31, 12)) }));
        Assert.That(forecast.RunOutAt, Is.EqualTo(On(4, 13, 12)));
    }

    [Test]
    public async Task An_account_that_spends_nothing_never_runs_out_and_loses_every_expiring_credit()
    {
        await Ledger.Grant("user:1", 200);
        var soon = await Ledger.Grant("user:1", 100, Bucket.Promo, expiresIn: TimeSpan.FromDays(5));
        MoveTo(On(1, 3));

        var forecast = await Forecasts.GetForecastAsync("user:1");

        Assert.That((forecast.BurnRatePerDay, forecast.RunOutAt, forecast.SuggestedTopUpCredits), Is.EqualTo((0.0, (DateTimeOffset?)null, 0L)));
        Assert.That(forecast.ExpiringUnused, Is.EqualTo(new[] { new ExpiringCredits(soon.LotId, 100, On(1, 6)) }));
    }

    [Test]
    public async Task Held_credits_and_an_unknown_account_forecast_nothing()
    {
        await Ledger.Grant("user:1", 100);
        await Ledger.Reserve("user:1", 40);

        var held = await Forecasts.GetForecastAsync("user:1");
        var unknown = await Forecasts.GetForecastAsync("user:nobody");

        Assert.That(held.Available, Is.EqualTo(60), "holds are about to be spent or given back: left out");
        Assert.That((unknown.Available, unknown.RunOutAt, unknown.BurnRatePerDay), Is.EqualTo((0L, (DateTimeOffset?)null, 0.0)));
    }
}

/// <summary>The drawdown on its own, where a lot rolls over into another (as subscription allowances do).</summary>
public sealed class ForecastModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void Credits_past_the_rollover_cap_are_lost_and_the_rolled_credits_are_spent_until_their_own_expiry()
    {
        var allowance = new ForecastModel.LotView("lot_month", 100, Now.AddDays(1), RolloverCap: 40, RolloverExpiresAt: Now.AddDays(31));

        var (runOutAt, unused) = ForecastModel.Draw(Now, [allowance], ratePerDay: 10);

        // Day 1 spends 10; of the 90 left, 40 roll over and 50 are lost; the 40 last 4 more days.
        Assert.That(unused, Is.EqualTo(new[] { new ExpiringCredits("lot_month", 50, Now.AddDays(1)) }));
        Assert.That(runOutAt, Is.EqualTo(Now.AddDays(5)));
    }

    [Test]
    public void Lots_are_drawn_in_the_burn_down_order_so_a_soon_expiring_lot_of_a_later_priority_is_lost_whole()
    {
        var first = new ForecastModel.LotView("lot_first", 1_000, null, 0, null, Priority: 100, CreatedAt: Now);
        var later = new ForecastModel.LotView("lot_later", 50, Now.AddDays(2), 0, null, Priority: 200, CreatedAt: Now);

        var (runOutAt, unused) = ForecastModel.Draw(Now, [later, first], ratePerDay: 10);

        // Commits take priority 100 first, whatever expires sooner: the 50 are never reached.
        Assert.That(unused, Is.EqualTo(new[] { new ExpiringCredits("lot_later", 50, Now.AddDays(2)) }));
        Assert.That(runOutAt, Is.EqualTo(Now.AddDays(100)));
    }

    [Test]
    public void A_tiny_rate_on_a_huge_balance_never_runs_out_rather_than_overflowing_the_calendar()
    {
        var (runOutAt, unused) = ForecastModel.Draw(Now, [new ForecastModel.LotView("lot_big", 1_000_000_000_000, null, 0, null)], ratePerDay: 0.001);

        Assert.That((runOutAt, unused.Count), Is.EqualTo(((DateTimeOffset?)null, 0)));
    }
}

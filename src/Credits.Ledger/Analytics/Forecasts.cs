using Credits.Ledger.Accounts;
using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Analytics;

/// <summary>
/// Forecasts from the daily usage aggregates and the account's live lots (see
/// <see cref="ForecastModel"/> for the arithmetic). Reads only; a few dozen rows per account.
/// </summary>
public sealed class Forecasts(Projection.UsageProjector usage, TimeProvider time)
{
    /// <summary>The forecast of <paramref name="accountId"/> now; an unknown account has nothing to forecast.</summary>
    public async Task<Forecast> GetForecastAsync(string accountId, CancellationToken cancellationToken = default)
    {
        AccountIds.Parse(accountId, "account_id");
        var now = time.GetUtcNow();
        var nowMs = Clock.ToMs(now);
        var today = UsagePeriods.DayOf(nowMs);
        await usage.FlushAsync(accountId, cancellationToken);
        await using var db = usage.Database.Open();
        var account = await db.Accounts.Where(row => row.AccountId == accountId).Select(row => new { row.CreatedAtMs }).FirstOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            return new Forecast(0, ForecastModel.WindowDays, ForecastModel.HalfLifeDays, 0, null, [], 0);
        }
        var firstDay = today - ForecastModel.WindowDays;
        var spent = await db.UsageDaily.Where(row => row.AccountId == accountId && row.Day >= firstDay && row.Day < today)
            .GroupBy(row => row.Day)
            .Select(group => new { Day = group.Key, Credits = group.Sum(row => row.Credits) })
            .ToListAsync(cancellationToken);
        var lots = await db.Lots.Where(lot => lot.AccountId == accountId && lot.Remaining > lot.Held && (lot.ExpiresAtMs == null || lot.ExpiresAtMs > nowMs))
            .ToListAsync(cancellationToken);

        // Days the account existed before today, counting the day it was created.
        var existed = (int)Math.Min(int.MaxValue, today - UsagePeriods.DayOf(account.CreatedAtMs));
        var rate = ForecastModel.BurnRate(spent.ToDictionary(day => (int)(today - day.Day), day => day.Credits), existed);
        var views = lots.ConvertAll(lot => new ForecastModel.LotView(lot.LotId, lot.Remaining - lot.Held, Clock.FromMs(lot.ExpiresAtMs),
            lot.RolloverCap, Clock.FromMs(lot.RolloverExpiresAtMs), lot.Priority, Clock.FromMs(lot.CreatedAtMs)));
        var (runOutAt, unused) = ForecastModel.Draw(now, views, rate);
        return new Forecast(rate, ForecastModel.WindowDays, ForecastModel.HalfLifeDays, views.Sum(lot => lot.Available), runOutAt, unused,
            (long)Math.Ceiling(rate * ForecastModel.TopUpDays));
    }
}

namespace Credits.Ledger.Analytics;

/// <summary>Credits of one lot the forecast expects to expire before they are spent.</summary>
public sealed record ExpiringCredits(string LotId, long Credits, DateTimeOffset ExpiresAt);

/// <summary>
/// When an account's credits run out at its recent rate of spending, what expires unused on the
/// way, and what to buy. <see cref="BurnRatePerDay"/> is the weighted mean of the daily spending
/// of the last <see cref="WindowDays"/> full UTC days (each day's weight halves every
/// <see cref="HalfLifeDays"/> days of age; days before the account existed do not count).
/// <see cref="RunOutAt"/> is null when the account spends nothing. <see cref="SuggestedTopUpCredits"/>
/// is a month (<see cref="ForecastModel.TopUpDays"/> days) at that rate; buy before <see cref="RunOutAt"/>.
/// </summary>
public sealed record Forecast(
    double BurnRatePerDay,
    int WindowDays,
    double HalfLifeDays,
    long Available,
    DateTimeOffset? RunOutAt,
    IReadOnlyList<ExpiringCredits> ExpiringUnused,
    long SuggestedTopUpCredits);

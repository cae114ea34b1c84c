namespace Credits.Ledger.Notifications;

/// <summary>
/// An account's burn rate, kept from the commits the ledger writes anyway (columns of its row, no
/// extra statement): an exponentially weighted sum of the credits spent, each spend's weight halving
/// every <see cref="HalfLifeDays"/> days (the half-life GetForecast weighs its days with), divided by
/// the weight of the time observed since the first spend (plus that first day), so a steady spend
/// of r credits a day reads about r from the first day on. Spent = committed less refunded, as in GetForecast.
/// </summary>
/// <param name="Spent">The weighted sum of credits spent, as of <paramref name="UpdatedAtMs"/>.</param>
/// <param name="UpdatedAtMs">When <paramref name="Spent"/> was last decayed (Unix ms); 0 before any spend.</param>
/// <param name="SinceMs">When the first spend was seen (Unix ms); 0 before any spend.</param>
internal readonly record struct BurnRate(double Spent, long UpdatedAtMs, long SinceMs)
{
    /// <summary>Days over which a spend's weight halves (GetForecast's <c>HalfLifeDays</c>).</summary>
    public const double HalfLifeDays = Analytics.ForecastModel.HalfLifeDays;

    private const double MsPerDay = 86_400_000;

    /// <summary>No spend seen.</summary>
    public static BurnRate None => default;

    /// <summary>This rate after <paramref name="credits"/> were spent (negative: refunded) at <paramref name="nowMs"/>.</summary>
    public BurnRate Spend(long credits, long nowMs)
    {
        var since = SinceMs == 0 ? nowMs : SinceMs;
        // A refund lowers the sum, never below nothing spent.
        return new(Math.Max(0, Decayed(nowMs) + credits), Math.Max(nowMs, UpdatedAtMs), since);
    }

    /// <summary>Credits a day at <paramref name="nowMs"/>; 0 before a full day has passed since the first spend.</summary>
    public double PerDay(long nowMs)
    {
        // Like GetForecast, which counts full days only: one day's spending says nothing about a rate
        // yet (a new account spending its welcome credits in its first hour is not burning fast).
        if (SinceMs == 0 || nowMs - SinceMs < MsPerDay)
        {
            return 0;
        }
        // The weight of the observed time: the integral of 0.5^(age / half-life) over it, counting the
        // first spend's day whole (as GetForecast counts the account's first day), so a spend of r
        // each day reads about r from its first day on.
        var observedDays = Math.Max(0, nowMs - SinceMs) / MsPerDay + 1;
        var weightDays = HalfLifeDays / Math.Log(2) * (1 - Math.Pow(0.5, observedDays / HalfLifeDays));
        return Decayed(nowMs) / weightDays;
    }

    private double Decayed(long nowMs) =>
        Spent * Math.Pow(0.5, Math.Max(0, nowMs - UpdatedAtMs) / MsPerDay / HalfLifeDays);
}

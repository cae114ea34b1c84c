namespace Credits.Ledger.Analytics;

/// <summary>
/// The arithmetic of a <see cref="Forecast"/>, with no database: a weighted burn rate, then the
/// account's lots drawn down at that rate in the ledger's burn-down order (<see cref="Lots.BurnDown"/>:
/// priority, then soonest expiry), the order in which commits will really spend them.
/// </summary>
/// <remarks>
/// The drawdown is continuous: spending at <c>r</c> credits a day, a lot of <c>a</c> credits that
/// the cursor reaches at <c>t</c> lasts until <c>t + a / r</c>. If it expires first, what is left
/// at its expiry is unused (or rolls over, up to its cap, into a lot of the same priority that
/// expires when its rollover does); a lot whose expiry passes before the cursor reaches it is
/// unused whole; the cursor never goes back. The credits run out when the cursor passes the
/// last lot. Holds are left out: they are about to be spent or given back.
/// </remarks>
public static class ForecastModel
{
    /// <summary>Full UTC days of spending the burn rate looks at.</summary>
    public const int WindowDays = 28;

    /// <summary>Age in days over which a day's weight halves: last week counts twice the week before.</summary>
    public const double HalfLifeDays = 7;

    /// <summary>Days of spending a suggested top-up covers.</summary>
    public const int TopUpDays = 30;

    /// <summary>A live lot as the forecast sees it.</summary>
    public sealed record LotView(string LotId, long Available, DateTimeOffset? ExpiresAt, long RolloverCap, DateTimeOffset? RolloverExpiresAt,
        int Priority = 0, DateTimeOffset CreatedAt = default);

    /// <summary>
    /// The weighted mean of <paramref name="spentByAge"/> (credits spent <c>age</c> days ago: 1 is
    /// yesterday, <see cref="WindowDays"/> the oldest), over the days since <paramref name="daysSinceCreation"/>.
    /// </summary>
    public static double BurnRate(IReadOnlyDictionary<int, long> spentByAge, int daysSinceCreation)
    {
        ArgumentNullException.ThrowIfNull(spentByAge);
        var days = Math.Clamp(daysSinceCreation, 0, WindowDays);
        double weighted = 0, weights = 0;
        for (var age = 1; age <= days; age++)
        {
            var weight = Math.Pow(0.5, (age - 1) / HalfLifeDays);
            weighted += weight * spentByAge.GetValueOrDefault(age);
            weights += weight;
        }
        return weights == 0 ? 0 : weighted / weights;
    }

    /// <summary>Draws <paramref name="lots"/> down from <paramref name="now"/> at <paramref name="ratePerDay"/>.</summary>
    public static (DateTimeOffset? RunOutAt, List<ExpiringCredits> Unused) Draw(DateTimeOffset now, IEnumerable<LotView> lots, double ratePerDay)
    {
        // Lots in burn-down order; a rollover lot joins in its place when its source expires.
        var pending = Lots.BurnDown.Order(lots.Where(lot => lot.Available > 0 && (lot.ExpiresAt is null || lot.ExpiresAt > now)), Key).ToList();
        var unused = new List<ExpiringCredits>();
        var cursor = now;
        var never = false;
        while (pending.Count > 0)
        {
            var lot = pending[0];
            pending.RemoveAt(0);
            // Days this lot lasts from the cursor; infinite when nothing is spent.
            var lasts = ratePerDay > 0 ? lot.Available / ratePerDay : double.PositiveInfinity;
            if (lot.ExpiresAt is not { } expiresAt || lasts <= (expiresAt - cursor).TotalDays)
            {
                never |= lasts >= (DateTimeOffset.MaxValue - cursor).TotalDays;
                cursor = never ? DateTimeOffset.MaxValue : cursor.AddDays(lasts);
                continue;
            }
            // Whole credits spent before the expiry; the epsilon keeps 10/day x 2 days at 20 when the
            // weighted mean comes out a hair under 10.
            var spent = expiresAt > cursor ? (long)Math.Floor(ratePerDay * (expiresAt - cursor).TotalDays + 1e-6) : 0;
            var left = Math.Max(0, lot.Available - spent);
            cursor = expiresAt > cursor ? expiresAt : cursor;
            var rolled = Math.Min(left, lot.RolloverCap);
            if (rolled > 0 && lot.RolloverExpiresAt is { } rolloverExpiresAt && rolloverExpiresAt > expiresAt)
            {
                pending = [.. Lots.BurnDown.Order(pending.Append(new LotView(lot.LotId, rolled, rolloverExpiresAt, 0, null, lot.Priority, expiresAt)), Key)];
                left -= rolled;
            }
            if (left > 0)
            {
                unused.Add(new ExpiringCredits(lot.LotId, left, expiresAt));
            }
        }
        return (ratePerDay > 0 && !never ? cursor : null, unused);
    }

    private static (int, DateTimeOffset?, DateTimeOffset, string) Key(LotView lot) => (lot.Priority, lot.ExpiresAt, lot.CreatedAt, lot.LotId);
}

namespace Credits.Ledger.Analytics;

/// <summary>
/// Days, weeks and months in UTC, the calendar of usage reports. Aggregates are kept per day
/// (<see cref="DayOf"/>: days since 1970-01-01), so every period is a whole number of days and a
/// requested range widens to whole buckets.
/// </summary>
public static class UsagePeriods
{
    private const long MsPerDay = 86_400_000;

    /// <summary>The UTC day number of a Unix time in milliseconds, as the back-fill migration computes it.</summary>
    public static long DayOf(long unixMs) => unixMs / MsPerDay;

    /// <summary><see cref="DateOnly.DayNumber"/> of 1970-01-01, day 0 of the aggregates.</summary>
    public static readonly int EpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    /// <summary>The aggregates' day number of <paramref name="day"/>.</summary>
    public static long DayNumber(DateOnly day) => day.DayNumber - EpochDayNumber;

    /// <summary>The start of the bucket of <paramref name="granularity"/> that holds <paramref name="day"/>.</summary>
    public static DateOnly BucketStart(DateOnly day, UsageGranularity granularity) => granularity switch
    {
        UsageGranularity.Day => day,
        UsageGranularity.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        UsageGranularity.Month => new DateOnly(day.Year, day.Month, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(granularity), granularity, null),
    };

    /// <summary>The start of the bucket after the one starting at <paramref name="start"/>.</summary>
    public static DateOnly Next(DateOnly start, UsageGranularity granularity) => granularity switch
    {
        UsageGranularity.Day => start.AddDays(1),
        UsageGranularity.Week => start.AddDays(7),
        UsageGranularity.Month => start.AddMonths(1),
        _ => throw new ArgumentOutOfRangeException(nameof(granularity), granularity, null),
    };

    /// <summary>
    /// [<paramref name="start"/>, <paramref name="end"/>) widened to whole buckets: from the start of
    /// the bucket holding <paramref name="start"/> to the end of the bucket holding the last instant
    /// before <paramref name="end"/>.
    /// </summary>
    public static (DateOnly From, DateOnly To) Widen(DateTimeOffset start, DateTimeOffset end, UsageGranularity granularity)
    {
        var from = BucketStart(DateOnly.FromDateTime(start.UtcDateTime), granularity);
        var last = DateOnly.FromDateTime(end.UtcDateTime.AddTicks(-1));
        return (from, Next(BucketStart(last, granularity), granularity));
    }

    /// <summary>The range of as many buckets just before [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static (DateOnly From, DateOnly To) Previous(DateOnly from, DateOnly to, UsageGranularity granularity)
    {
        if (granularity == UsageGranularity.Month)
        {
            var months = (to.Year - from.Year) * 12 + to.Month - from.Month;
            return (from.AddMonths(-months), from);
        }
        return (from.AddDays(from.DayNumber - to.DayNumber), from);
    }

    /// <summary>00:00 UTC of <paramref name="day"/>.</summary>
    public static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

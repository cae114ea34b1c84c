namespace Credits.Ledger.Pools;

/// <summary>The period a pool member's limit applies to; usage restarts at each period's start (UTC).</summary>
public enum PoolPeriod
{
    /// <summary>No period: the limit is a lifetime cap.</summary>
    None = 0,
    /// <summary>A UTC day, from 00:00.</summary>
    Day = 1,
    /// <summary>A UTC week, from Monday 00:00 (ISO 8601).</summary>
    Week = 2,
    /// <summary>A UTC calendar month, from its first day 00:00.</summary>
    Month = 3,
}

/// <summary>A pool member's role. Admins will manage their own pool with an end-user token (a later step).</summary>
public enum PoolRole
{
    /// <summary>Spends from the pool within its limit.</summary>
    Member = 0,
    /// <summary>Spends like a member; manages the pool once pool admin tokens exist.</summary>
    Admin = 1,
}

/// <summary>Where periods start. UTC for every pool: a pool's own time zone can come later.</summary>
public static class PoolPeriods
{
    /// <summary>Every period kind, so a reserve can load the usage row of whichever its member has.</summary>
    public static readonly IReadOnlyList<PoolPeriod> All = [PoolPeriod.None, PoolPeriod.Day, PoolPeriod.Week, PoolPeriod.Month];

    /// <summary>The start of the <paramref name="period"/> containing <paramref name="now"/>, in ms since the epoch (0 for none).</summary>
    public static long StartOf(PoolPeriod period, DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var day = new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
        var start = period switch
        {
            PoolPeriod.None => DateTimeOffset.UnixEpoch,
            PoolPeriod.Day => day,
            // DayOfWeek counts from Sunday; ISO weeks start on Monday.
            PoolPeriod.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            PoolPeriod.Month => new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero),
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Not a pool period."),
        };
        return start.ToUnixTimeMilliseconds();
    }
}

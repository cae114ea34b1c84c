using System.Diagnostics;

namespace Credits.Bench;

/// <summary>
/// The timeline of one measurement, in <see cref="Stopwatch"/> ticks: a warm-up that is run but not
/// counted, then the measuring window. Everything that takes part in a measurement (callers, a
/// history follower) shares one clock.
/// </summary>
internal readonly record struct MeasurementClock(long MeasureFrom, long MeasureTo, TimeSpan Window)
{
    /// <summary>Starts a timeline now: <paramref name="warmup"/>, then <paramref name="window"/>.</summary>
    public static MeasurementClock StartNow(TimeSpan warmup, TimeSpan window)
    {
        var from = Stopwatch.GetTimestamp() + ToTicks(warmup);
        return new MeasurementClock(from, from + ToTicks(window), window);
    }

    /// <summary>Whether an operation that ran from <paramref name="start"/> to <paramref name="end"/> lies inside the window.</summary>
    public bool Covers(long start, long end) => start >= MeasureFrom && end <= MeasureTo;

    /// <summary>Whether the window has ended at <paramref name="now"/>.</summary>
    public bool IsOver(long now) => now >= MeasureTo;

    /// <summary>Microseconds between two timestamps.</summary>
    public static long Micros(long start, long end) => (end - start) * 1_000_000 / Stopwatch.Frequency;

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}

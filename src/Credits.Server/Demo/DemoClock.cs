namespace Credits.Server.Demo;

/// <summary>
/// The ledger's clock while demo data is written: set by the seeder, day by day, so that the
/// journal, lots and usage aggregates carry the dates of a few months of history. Timers still
/// run on real time (the base class's), so group commit and retries behave as in production.
/// </summary>
internal sealed class DemoClock(DateTimeOffset start) : TimeProvider
{
    private long _nowTicks = start.UtcTicks;

    /// <summary>The simulated instant.</summary>
    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _nowTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _nowTicks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;
}

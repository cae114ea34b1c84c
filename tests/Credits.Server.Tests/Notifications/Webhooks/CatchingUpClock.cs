namespace Credits.Server.Tests.Notifications.Webhooks;

/// <summary>
/// The real clock moved back by an offset the test shrinks (a day at a time), so the server lives
/// through days of spending in a second and then catches up with real time: from then on it is the
/// real clock, which the receiver checks the signature's timestamp against. Only the moment moves;
/// timers (the dispatcher's poll) run on the system's, as with the real clock.
/// </summary>
internal sealed class CatchingUpClock(TimeSpan behind) : TimeProvider
{
    private long _behindTicks = behind.Ticks;

    public TimeSpan Behind => TimeSpan.FromTicks(Interlocked.Read(ref _behindTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() - Behind;

    /// <summary>Moves the clock forward; it never passes the real clock.</summary>
    public void Advance(TimeSpan by)
    {
        Assert.That(by, Is.LessThanOrEqualTo(Behind), "the clock may catch up with real time, not pass it");
        Interlocked.Add(ref _behindTicks, -by.Ticks);
    }
}

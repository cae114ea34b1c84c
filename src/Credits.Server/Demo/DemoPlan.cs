namespace Credits.Server.Demo;

/// <summary>
/// What <c>demo seed</c> writes: <paramref name="Accounts"/> people (<c>user:demo-01</c>...) over
/// the <paramref name="Days"/> days before <paramref name="End"/>, spending on
/// <paramref name="Features"/> (the configured price catalogue), from a fixed random seed so every
/// run tells the same story.
/// </summary>
internal sealed record DemoPlan(int Accounts, int Days, DateTimeOffset End, IReadOnlyList<string> Features, int Seed = 42)
{
    public const int AccountsMax = 99;
    public const int DaysMax = 400;

    /// <summary>The first simulated day, 00:00 UTC.</summary>
    public DateTimeOffset Start => new DateTimeOffset(End.UtcDateTime.Date, TimeSpan.Zero).AddDays(-Days);

    public static string AccountId(int index) => $"user:demo-{index + 1:D2}";
}

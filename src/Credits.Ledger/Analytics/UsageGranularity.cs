namespace Credits.Ledger.Analytics;

/// <summary>The length of a usage bucket. Every bucket starts at 00:00 UTC.</summary>
public enum UsageGranularity
{
    /// <summary>One UTC day.</summary>
    Day = 1,

    /// <summary>Seven days from a Monday (ISO 8601 weeks).</summary>
    Week = 2,

    /// <summary>A calendar month.</summary>
    Month = 3,
}

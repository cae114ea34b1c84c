namespace Credits.Bench.Scenarios;

/// <summary>Which accounts the callers of a scenario work on.</summary>
internal enum AccountSetKind
{
    /// <summary>Uniformly random over the seeded accounts (10,000 by default): little contention.</summary>
    Uniform,

    /// <summary>Every call on one account: every write serialises on its row.</summary>
    Hot,
}

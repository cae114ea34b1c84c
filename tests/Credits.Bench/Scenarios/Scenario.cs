namespace Credits.Bench.Scenarios;

/// <summary>
/// One scenario: a fresh database (a copy of the seeded template) and a fresh server process, then
/// its measurements in order: the no-op baseline (once per provider and callers), the raw-SQL
/// baseline and the same transactions through pgbench (PostgreSQL), Reserve+Commit pairs, on the uniform set pool Reserve+Commit pairs, Transfers (in quick runs on the uniform set only),
/// GetBalance, on the uniform set GetUsage of the usage account, on the hot set the history follower, and on PostgreSQL's uniform set last the pairs
/// alternating between the scenario's server and a second one with a setting switched off, for each
/// <see cref="ServerSwitch"/> (one set keeps the run's length). With <paramref name="PairsOnly"/> only the
/// baselines and the pairs: the rows the speed goals compare, for quick A/B runs and profiles.
/// </summary>
internal sealed record Scenario(ProviderKind Provider, AccountSetKind Set, int Callers, bool MeasuresNoop, bool MeasuresTransfers = true,
    bool MeasuresPgbench = false, bool PairsOnly = false)
{
    /// <summary>How many measurements the scenario takes.</summary>
    public int Measurements =>
        (MeasuresNoop ? 1 : 0) + (Provider == ProviderKind.Postgres ? 1 : 0) + (MeasuresPgbench ? 1 : 0) + 1
        + (PairsOnly ? 0 : 1 + (MeasuresTransfers ? 1 : 0) + 1)
        + (MeasuresSwitches ? 2 * ServerSwitch.All.Count : 0) + (MeasuresPools ? 1 : 0) + (MeasuresGifts ? 1 : 0);

    /// <summary>How many measurements' time the scenario takes: a switch's two rows take four (a warm-up each, then four half windows).</summary>
    public int MeasuringUnits => Measurements + (MeasuresSwitches ? 2 * ServerSwitch.All.Count : 0);

    /// <summary>Whether pool pairs (<see cref="PoolPairs"/>) are measured after the plain pairs: on the uniform set, so a quick run adds one row per provider and callers.</summary>
    public bool MeasuresPools => !PairsOnly && Set == AccountSetKind.Uniform;

    /// <summary>Whether RedeemGiftCode (<see cref="GiftRedemptions"/>) is measured after the pool pairs: on the uniform set too.</summary>
    public bool MeasuresGifts => !PairsOnly && Set == AccountSetKind.Uniform;

    /// <summary>Whether each <see cref="ServerSwitch"/> is measured on and off, ABBA (PostgreSQL, uniform set, 16 callers: each costs four measurements).</summary>
    public bool MeasuresSwitches => !PairsOnly && Provider == ProviderKind.Postgres && Set == AccountSetKind.Uniform && Callers == 16;

    public override string ToString() => $"{ResultRow.ProviderName(Provider)} {ResultRow.SetName(Set)} c={Callers}";
}

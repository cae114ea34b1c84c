namespace Credits.Bench.Scenarios;

/// <summary>
/// A server setting whose cost the benchmark measures on and off in one run: the scenario's own
/// server (on, the default) and a second server started with <see cref="Variable"/>=false, both on
/// the scenario's database. The Reserve+Commit pairs alternate between them on, off, off, on, off,
/// on, on, off (ABBA BAAB), each window a quarter of a measurement, so what drifts during a run
/// (the database growing, JIT warm-up, the machine's other load) weighs on both sides alike: a
/// single "off" window measured last favoured "on" by up to 1.46x on a quiet machine.
/// </summary>
internal sealed record ServerSwitch(string Name, string Variable)
{
    /// <summary>Low-balance, depletion and expiry notifications decided in every ledger transaction (issue 16).</summary>
    public static readonly ServerSwitch Notifications = new("notifications", "Ledger__Notifications__Enabled");

    /// <summary>The usage projector folding committed spend into the daily aggregates every second (issue 17).</summary>
    public static readonly ServerSwitch UsageProjection = new("usage projection", "Ledger__UsageProjection__Enabled");

    /// <summary>Every switch, in the order measured.</summary>
    public static readonly IReadOnlyList<ServerSwitch> All = [Notifications, UsageProjection];

    /// <summary>The row of the pairs through the server with the setting on (its default).</summary>
    public string OnRow => $"ledger Reserve+Commit ({Name} on, ABBA)";

    /// <summary>The row of the pairs through the server with the setting off.</summary>
    public string OffRow => $"ledger Reserve+Commit ({Name} off, ABBA)";
}

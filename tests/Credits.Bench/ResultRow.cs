using Credits.Bench.Scenarios;

namespace Credits.Bench;

/// <summary>One line of the result table: a measurement and where it was taken.</summary>
/// <param name="Provider">The database.</param>
/// <param name="Set">The account set; null for the no-op baseline, which touches no account.</param>
/// <param name="Callers">Concurrent callers.</param>
/// <param name="Workload">What was measured (one of the workloads' <c>Name</c> constants).</param>
/// <param name="Result">What it observed.</param>
/// <param name="ServerPeakKib">The server's VmHWM right after the measurement; null when the server took no part.</param>
/// <param name="Note">Anything else worth a line, or empty.</param>
internal sealed record ResultRow(
    ProviderKind Provider,
    AccountSetKind? Set,
    int Callers,
    string Workload,
    MeasurementResult Result,
    long? ServerPeakKib,
    string Note)
{
    /// <summary>For example <c>postgres uniform c=16</c>.</summary>
    public string Scenario => $"{ProviderName(Provider)} {(Set is { } set ? SetName(set) : "-")} c={Callers}";

    public static string ProviderName(ProviderKind provider) => provider == ProviderKind.Postgres ? "postgres" : "sqlite";

    public static string SetName(AccountSetKind set) => set == AccountSetKind.Hot ? "hot" : "uniform";
}

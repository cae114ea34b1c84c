using System.Globalization;

namespace Credits.Audit.Tests.Support;

/// <summary>
/// How a run is chosen: the seed (AUDIT_SEED, else a fresh one) and the number of operations
/// (AUDIT_OPERATIONS, else <see cref="OperationsDefault"/>). The same seed replays the same workload.
/// </summary>
public static class AuditSettings
{
    public const string SeedVariable = "AUDIT_SEED";
    public const string OperationsVariable = "AUDIT_OPERATIONS";
    public const int OperationsDefault = 10_000;

    public static int Seed() =>
        Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } text
            ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : Random.Shared.Next(1, int.MaxValue);

    public static int Operations() =>
        Environment.GetEnvironmentVariable(OperationsVariable) is { Length: > 0 } text
            ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : OperationsDefault;

    public static string ReplayHint(int seed) => $"replay with {SeedVariable}={seed.ToString(CultureInfo.InvariantCulture)}";
}

using System.Globalization;

namespace Credits.AbuseHarness;

/// <summary>Command-line options; tests/abuse.sh passes the database and the paths.</summary>
internal sealed record HarnessOptions(string PgConnectionString, string ServerDll, string WorkDirectory, TimeSpan Phase, int PairsPerSecond,
    IReadOnlySet<string> Skipped, bool EnforcesLatency)
{
    public const string Usage = "usage: Credits.AbuseHarness --pg CONNECTION --server-dll PATH --work-dir DIR [--phase-seconds 15] [--pairs-per-second 60]"
                                + " [--skip flood,churn,streams,connections] (to find which abuse costs the normal caller most)"
                                + " [--latency enforce|report] (report: the 2x goal is printed, not a failure; CI, whose machine it does not own)";

    /// <summary>Whether the abuse named <paramref name="abuse"/> runs.</summary>
    public bool Runs(string abuse) => !Skipped.Contains(abuse);

    public static HarnessOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }
        string Required(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"{name} is required. {Usage}");
        int Number(string name, int fallback, int max) =>
            values.TryGetValue(name, out var value) ? Math.Clamp(int.Parse(value, CultureInfo.InvariantCulture), 1, max) : fallback;
        return new HarnessOptions(Required("--pg"), Required("--server-dll"), Required("--work-dir"),
            TimeSpan.FromSeconds(Number("--phase-seconds", 15, 120)), Number("--pairs-per-second", 60, 400),
            (values.GetValueOrDefault("--skip") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
            values.GetValueOrDefault("--latency", "enforce") switch
            {
                "enforce" => true,
                "report" => false,
                var other => throw new ArgumentException($"--latency must be enforce or report, not '{other}'. {Usage}"),
            });
    }
}

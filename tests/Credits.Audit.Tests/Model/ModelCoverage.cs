using System.Globalization;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// Counts how often the model took each interesting path (a replayed retry, a lot expiring while
/// held, a claw-back leaving a debt, a capped rollover...), so a summary shows what a run actually
/// exercised and a run can require the paths that matter (see <see cref="Workload.CoverageRequirements"/>).
/// </summary>
public sealed class ModelCoverage
{
    private readonly SortedDictionary<string, int> _paths = new(StringComparer.Ordinal);

    public void Count(string path) => _paths[path] = _paths.GetValueOrDefault(path) + 1;

    public int this[string path] => _paths.GetValueOrDefault(path);

    public override string ToString() =>
        string.Join(", ", _paths.Select(item => $"{item.Key} {item.Value.ToString(CultureInfo.InvariantCulture)}"));
}

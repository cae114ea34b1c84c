using System.Globalization;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// Counts how often the model took each interesting path (a replayed retry, a lot expiring while
/// held, a returned part expiring at once...), so a summary shows what a run actually exercised.
/// </summary>
public sealed class ModelCoverage
{
    private readonly SortedDictionary<string, int> _paths = new(StringComparer.Ordinal);

    public void Count(string path) => _paths[path] = _paths.GetValueOrDefault(path) + 1;

    public int this[string path] => _paths.GetValueOrDefault(path);

    public override string ToString() =>
        string.Join(", ", _paths.Select(item => $"{item.Key} {item.Value.ToString(CultureInfo.InvariantCulture)}"));
}

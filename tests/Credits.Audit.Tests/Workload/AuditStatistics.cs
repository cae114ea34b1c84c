using System.Globalization;

namespace Credits.Audit.Tests.Workload;

/// <summary>Counts of operations by kind and of errors by reason, for the one-line summary.</summary>
public sealed class AuditStatistics
{
    private readonly SortedDictionary<OperationKind, int> _operations = [];
    private readonly SortedDictionary<string, int> _errors = new(StringComparer.Ordinal);

    public int Operations { get; private set; }

    public void Count(OperationKind kind)
    {
        Operations++;
        _operations[kind] = _operations.GetValueOrDefault(kind) + 1;
    }

    public void CountError(string reason) => _errors[reason] = _errors.GetValueOrDefault(reason) + 1;

    public int Errors(string reason) => _errors.GetValueOrDefault(reason);

    public int Steps(OperationKind kind) => _operations.GetValueOrDefault(kind);

    public override string ToString() =>
        $"operations: {string.Join(", ", _operations.Select(item => $"{item.Key} {item.Value.ToString(CultureInfo.InvariantCulture)}"))}; " +
        $"errors: {string.Join(", ", _errors.Select(item => $"{item.Key} {item.Value.ToString(CultureInfo.InvariantCulture)}"))}";
}

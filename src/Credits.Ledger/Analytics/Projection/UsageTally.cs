using Credits.Ledger.Journal;

namespace Credits.Ledger.Analytics.Projection;

/// <summary>
/// Credits spent and operations per UTC day and feature, the one rule of the usage aggregates
/// (<c>usage_daily</c>): a COMMIT entry spends minus its amount in one operation on its own day; a
/// REFUND entry gives its amount back on its commit's day and feature, and the operation stays
/// (it still happened). Releases and expired holds spend nothing. The projector, the verifier's
/// replay and the back-fill all count by this rule.
/// </summary>
internal sealed class UsageTally
{
    private readonly Dictionary<(long Day, string Feature), (long Credits, long Operations)> _days = [];

    /// <summary>True for the entry kinds the aggregates count; the account's <c>last_usage_sequence</c> is its last such entry.</summary>
    public static bool Counts(EntryKind kind) => kind is EntryKind.Commit or EntryKind.Refund;

    /// <summary>The day and feature totals, in no particular order.</summary>
    public IEnumerable<KeyValuePair<(long Day, string Feature), (long Credits, long Operations)>> Days => _days;

    public bool IsEmpty => _days.Count == 0;

    /// <summary>A COMMIT entry of <paramref name="amount"/> (negative: credits debited) at <paramref name="createdAtMs"/>.</summary>
    public void AddCommit(long createdAtMs, string feature, long amount) => Add(UsagePeriods.DayOf(createdAtMs), feature, -amount, 1);

    /// <summary>A REFUND entry of <paramref name="amount"/> (positive: credits given back) of a commit made at <paramref name="committedAtMs"/>.</summary>
    public void AddRefund(long committedAtMs, string feature, long amount) => Add(UsagePeriods.DayOf(committedAtMs), feature, -amount, 0);

    /// <summary>Adds everything <paramref name="other"/> counted.</summary>
    public void AddAll(UsageTally other)
    {
        foreach (var ((day, feature), (credits, operations)) in other._days)
        {
            Add(day, feature, credits, operations);
        }
    }

    private void Add(long day, string feature, long credits, long operations)
    {
        var (sumCredits, sumOperations) = _days.GetValueOrDefault((day, feature));
        _days[(day, feature)] = (sumCredits + credits, sumOperations + operations);
    }
}

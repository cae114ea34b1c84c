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
    private readonly Dictionary<(long Day, string Feature, string Member), (long Credits, long Operations)> _days = [];

    /// <summary>True for the entry kinds the aggregates count; the account's <c>last_usage_sequence</c> is its last such entry.</summary>
    public static bool Counts(EntryKind kind) => kind is EntryKind.Commit or EntryKind.Refund;

    /// <summary>
    /// The day, feature and member totals, in no particular order. The member is the pool member a
    /// pool's hold was reserved for (<c>pool_usage_daily</c>), "" for every other hold.
    /// </summary>
    public IEnumerable<KeyValuePair<(long Day, string Feature, string Member), (long Credits, long Operations)>> Days => _days;

    public bool IsEmpty => _days.Count == 0;

    /// <summary>A COMMIT entry of <paramref name="amount"/> (negative: credits debited) at <paramref name="createdAtMs"/>.</summary>
    public void AddCommit(long createdAtMs, string feature, long amount, string member = "") =>
        Add(UsagePeriods.DayOf(createdAtMs), feature, member, -amount, 1);

    /// <summary>A REFUND entry of <paramref name="amount"/> (positive: credits given back) of a commit made at <paramref name="committedAtMs"/>.</summary>
    public void AddRefund(long committedAtMs, string feature, long amount, string member = "") =>
        Add(UsagePeriods.DayOf(committedAtMs), feature, member, -amount, 0);

    /// <summary>Adds everything <paramref name="other"/> counted.</summary>
    public void AddAll(UsageTally other)
    {
        foreach (var ((day, feature, member), (credits, operations)) in other._days)
        {
            Add(day, feature, member, credits, operations);
        }
    }

    private void Add(long day, string feature, string member, long credits, long operations)
    {
        var (sumCredits, sumOperations) = _days.GetValueOrDefault((day, feature, member));
        _days[(day, feature, member)] = (sumCredits + credits, sumOperations + operations);
    }
}

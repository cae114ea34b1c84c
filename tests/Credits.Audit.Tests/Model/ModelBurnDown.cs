namespace Credits.Audit.Tests.Model;

/// <summary>
/// The burn-down order as the contract states it: priority ascending, then the soonest expiry
/// (never-expiring last), then the oldest lot; lots created in the same millisecond fall back to the
/// ordinal order of their ids, so ordering lots needs their ids once such a tie arises.
/// </summary>
public sealed class ModelBurnDown : IComparer<ModelLot>
{
    public static ModelBurnDown Instance { get; } = new();

    public static IEnumerable<ModelLot> Order(IEnumerable<ModelLot> lots) => lots.Order(Instance);

    /// <summary>
    /// The contract's feature-scoped rule: a spend for a feature takes the lots scoped to it first,
    /// then the others, each part in <see cref="Order"/>; a commit debits a hold's lots so.
    /// </summary>
    public static IEnumerable<ModelLot> OrderFor(IEnumerable<ModelLot> lots, string? feature)
    {
        var all = lots.ToList();
        return Order(all.Where(lot => lot.IsScopedTo(feature))).Concat(Order(all.Where(lot => !lot.IsScopedTo(feature))));
    }

    /// <summary>The lots that may pay for <paramref name="feature"/> (null or "": by amount, which never sees a scoped lot), in paying order.</summary>
    public static IEnumerable<ModelLot> Spendable(IEnumerable<ModelLot> lots, string? feature) =>
        OrderFor(lots.Where(lot => !lot.IsScoped || lot.IsScopedTo(feature)), feature);

    public int Compare(ModelLot? x, ModelLot? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        var order = x.Priority.CompareTo(y.Priority);
        if (order != 0)
        {
            return order;
        }
        order = (x.ExpiresAtMs ?? long.MaxValue).CompareTo(y.ExpiresAtMs ?? long.MaxValue);
        if (order != 0)
        {
            return order;
        }
        order = x.CreatedAtMs.CompareTo(y.CreatedAtMs);
        if (order != 0)
        {
            return order;
        }
        if (x.Id is null || y.Id is null)
        {
            throw new InvalidOperationException($"Model bug: lots {x} and {y} tie and one id is not yet known.");
        }
        return string.CompareOrdinal(x.Id, y.Id);
    }
}

namespace Credits.Ledger.Lots;

/// <summary>
/// The one place that decides which credits go first, and the one traversal that takes them:
/// priority ascending, then the soonest expiry (never-expiring last), then the oldest lot. The lot
/// id breaks exact ties so the order is total.
/// Feature-scoped lots (<see cref="Lot.Features"/>) pay only for their features: spending for a
/// feature walks the lots scoped to it first (in that order among them), then the unscoped lots;
/// spending by amount (no feature) never sees a scoped lot (<see cref="Spendable"/>).
/// </summary>
internal static class BurnDown
{
    public static IOrderedEnumerable<Lot> Order(IEnumerable<Lot> lots) =>
        Order(lots, lot => (lot.Priority, lot.ExpiresAt, lot.CreatedAt, lot.LotId));

    /// <summary>The same order over anything that carries a lot's ordering fields (the forecast's projected lots).</summary>
    public static IOrderedEnumerable<T> Order<T>(IEnumerable<T> lots, Func<T, (int Priority, DateTimeOffset? ExpiresAt, DateTimeOffset CreatedAt, string LotId)> key) =>
        lots.OrderBy(lot => key(lot).Priority)
            .ThenBy(lot => key(lot).ExpiresAt ?? DateTimeOffset.MaxValue)
            .ThenBy(lot => key(lot).CreatedAt)
            .ThenBy(lot => key(lot).LotId, StringComparer.Ordinal);

    /// <summary>
    /// Walks <paramref name="lotsInOrder"/> taking from each at most <paramref name="capacity"/> of
    /// it until <paramref name="amount"/> is reached (all it finds when null); lots that give nothing
    /// are left out. The lots are not changed: the caller applies the parts.
    /// </summary>
    public static List<(Lot Lot, long Amount)> Take(IEnumerable<Lot> lotsInOrder, long? amount, Func<Lot, long> capacity)
    {
        var parts = new List<(Lot, long)>();
        var left = amount ?? long.MaxValue;
        foreach (var lot in lotsInOrder)
        {
            if (left == 0)
            {
                break;
            }
            var take = Math.Min(capacity(lot), left);
            if (take > 0)
            {
                parts.Add((lot, take));
                left -= take;
            }
        }
        return parts;
    }

    /// <summary>
    /// The lots that may pay for <paramref name="feature"/> (null: a spend by amount), in the order
    /// they pay: the lots scoped to the feature first, then the unscoped ones. Scoped lots of other
    /// features are left out.
    /// </summary>
    public static IEnumerable<Lot> Spendable(IEnumerable<Lot> lots, string? feature) =>
        OrderFor(lots.Where(lot => !lot.IsScoped || lot.IsScopedTo(feature)), feature);

    /// <summary>
    /// <paramref name="lots"/> in the order a spend for <paramref name="feature"/> takes them: those
    /// scoped to it first, then the others, each part in <see cref="Order(IEnumerable{Lot})"/>. A
    /// commit debits a hold's lots in this order, so it spends the scoped part first as the reserve did.
    /// </summary>
    public static IEnumerable<Lot> OrderFor(IEnumerable<Lot> lots, string? feature)
    {
        var all = lots as IReadOnlyCollection<Lot> ?? lots.ToList();
        // No partition for a spend by amount: the common case stays one ordered walk.
        return string.IsNullOrEmpty(feature)
            ? Order(all)
            : Order(all.Where(lot => lot.IsScopedTo(feature))).Concat(Order(all.Where(lot => !lot.IsScopedTo(feature))));
    }

    /// <summary>Credits that can pay for <paramref name="feature"/> (null: by amount) at <paramref name="now"/>.</summary>
    public static long AvailableFor(IEnumerable<Lot> lots, string? feature, DateTimeOffset now)
    {
        long sum = 0;
        foreach (var lot in lots)
        {
            if (!lot.IsScoped || lot.IsScopedTo(feature))
            {
                sum += lot.AvailableAt(now);
            }
        }
        return sum;
    }

    /// <summary>
    /// Picks <paramref name="amount"/> available credits that can pay for <paramref name="feature"/>
    /// (null: by amount) in burn-down order. The caller has checked that enough are available; the
    /// lots are not changed.
    /// </summary>
    public static List<LotPart> Pick(IEnumerable<Lot> lots, long amount, DateTimeOffset now, string? feature = null)
    {
        var parts = Take(Spendable(lots, feature), amount, lot => lot.AvailableAt(now));
        var found = parts.Sum(part => part.Amount);
        if (found != amount)
        {
            throw new InvalidOperationException($"Burn-down was asked for {amount} credits but found {found}.");
        }
        return parts.ConvertAll(part => new LotPart(part.Lot.LotId, part.Amount));
    }
}

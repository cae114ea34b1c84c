namespace Credits.Ledger.Lots;

/// <summary>
/// The one place that decides which credits go first, and the one traversal that takes them:
/// priority ascending, then the soonest expiry (never-expiring last), then the oldest lot. The lot
/// id breaks exact ties so the order is total.
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
    /// Picks <paramref name="amount"/> available credits in burn-down order. The caller has checked
    /// that enough are available; the lots are not changed.
    /// </summary>
    public static List<LotPart> Pick(IEnumerable<Lot> lots, long amount, DateTimeOffset now)
    {
        var parts = Take(Order(lots), amount, lot => lot.AvailableAt(now));
        var found = parts.Sum(part => part.Amount);
        if (found != amount)
        {
            throw new InvalidOperationException($"Burn-down was asked for {amount} credits but found {found}.");
        }
        return parts.ConvertAll(part => new LotPart(part.Lot.LotId, part.Amount));
    }
}

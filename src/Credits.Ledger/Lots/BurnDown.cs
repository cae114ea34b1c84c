namespace Credits.Ledger.Lots;

/// <summary>
/// The one place that decides which credits go first: priority ascending, then the soonest expiry
/// (never-expiring last), then the oldest lot. The lot id breaks exact ties so the order is total.
/// </summary>
internal static class BurnDown
{
    public static IOrderedEnumerable<Lot> Order(IEnumerable<Lot> lots) =>
        lots.OrderBy(lot => lot.Priority)
            .ThenBy(lot => lot.ExpiresAt ?? DateTimeOffset.MaxValue)
            .ThenBy(lot => lot.CreatedAt)
            .ThenBy(lot => lot.LotId, StringComparer.Ordinal);

    /// <summary>
    /// Picks <paramref name="amount"/> available credits in burn-down order. The caller has checked
    /// that enough are available; the lots are not changed.
    /// </summary>
    public static List<LotPart> Pick(IEnumerable<Lot> lots, long amount, DateTimeOffset now)
    {
        var parts = new List<LotPart>();
        var left = amount;
        foreach (var lot in Order(lots))
        {
            if (left == 0)
            {
                break;
            }
            var take = Math.Min(lot.AvailableAt(now), left);
            if (take > 0)
            {
                parts.Add(new LotPart(lot.LotId, take));
                left -= take;
            }
        }
        if (left != 0)
        {
            throw new InvalidOperationException($"Burn-down was asked for {amount} credits but found {amount - left}.");
        }
        return parts;
    }
}

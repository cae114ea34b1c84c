using Credits.Ledger.Lots;

namespace Credits.Ledger.Refunds;

/// <summary>
/// The one place that decides which committed credits a refund gives back first: the reverse of the
/// order the commit drew them (the commit's parts are stored in burn-down order), so the last credits
/// spent come back first, like undoing a stack. Refunds of one hold walk this order from where the
/// previous one stopped (the hold's refunded-so-far), so partial refunds never give one part back twice.
/// </summary>
internal static class RefundOrder
{
    /// <summary>
    /// The parts of <paramref name="committedParts"/> that a refund of <paramref name="amount"/> gives
    /// back after <paramref name="refundedBefore"/> credits were refunded already, in refund order.
    /// </summary>
    public static List<LotPart> Next(IReadOnlyList<LotPart> committedParts, long refundedBefore, long amount)
    {
        var parts = new List<LotPart>();
        var skip = refundedBefore;
        var left = amount;
        for (var index = committedParts.Count - 1; index >= 0 && left > 0; index--)
        {
            var part = committedParts[index];
            var skipped = Math.Min(skip, part.Amount);
            skip -= skipped;
            var take = Math.Min(part.Amount - skipped, left);
            if (take > 0)
            {
                parts.Add(new LotPart(part.LotId, take));
                left -= take;
            }
        }
        return parts;
    }
}

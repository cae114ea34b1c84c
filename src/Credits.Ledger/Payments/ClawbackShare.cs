namespace Credits.Ledger.Payments;

/// <summary>
/// How many credits a refund (or a lost dispute) takes back: the credits in proportion to the
/// money, rounded down. Computed on the running totals of the payment's claw-backs, so that a
/// payment refunded in parts gives back exactly what one refund of the same total would
/// (credits × refunded ÷ paid, rounded down once), whatever the order the parts arrive in.
/// </summary>
internal static class ClawbackShare
{
    /// <param name="credits">The credits the purchase granted (or its bonus).</param>
    /// <param name="amountTotal">The money paid for them.</param>
    /// <param name="moneyBefore">The money of the claw-backs already applied to this payment.</param>
    /// <param name="creditsBefore">The credits those claw-backs took.</param>
    /// <param name="money">The money of this refund or dispute.</param>
    public static long Next(long credits, long amountTotal, long moneyBefore, long creditsBefore, long money)
    {
        if (credits <= 0 || amountTotal <= 0 || money <= 0)
        {
            return 0;
        }
        // Never more than everything: refunds and a lost dispute of one payment may add up to more
        // than was paid (a chargeback on a partly refunded charge).
        var moneyAfter = Int128.Min(amountTotal, (Int128)moneyBefore + money);
        var target = (long)((Int128)credits * moneyAfter / amountTotal);
        return Math.Max(0, target - creditsBefore);
    }
}

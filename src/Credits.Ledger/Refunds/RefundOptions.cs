namespace Credits.Ledger.Refunds;

/// <summary>Policies for <c>RefundCharge</c>, bound from <c>Ledger:Refunds</c>.</summary>
public sealed class RefundOptions
{
    /// <summary>
    /// How long a <c>refund</c> lot lives (<c>Ledger:Refunds:LotValidity</c>): a refund whose source
    /// lot has expired (or is gone) arrives as a new lot that expires this long after the refund; null
    /// means it never expires. The default gives the customer a fresh year, not the source's lost expiry.
    /// </summary>
    public TimeSpan? LotValidity { get; set; } = TimeSpan.FromDays(365);
}

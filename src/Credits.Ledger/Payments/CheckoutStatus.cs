namespace Credits.Ledger.Payments;

/// <summary>
/// Where a checkout's payment stands. Ordered by precedence: a payment only moves up, so events
/// arriving out of order never take it back (a late "unpaid" after "paid" changes nothing).
/// </summary>
public enum CheckoutStatus
{
    /// <summary>The checkout completed but the money has not arrived (a bank debit in progress).</summary>
    Unpaid = 1,
    /// <summary>The delayed payment failed: no credits, and a note for support.</summary>
    Failed = 2,
    /// <summary>The money arrived: the pack is granted.</summary>
    Paid = 3,
}

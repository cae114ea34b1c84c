namespace Credits.Ledger.Payments;

/// <summary>What telling the ledger about a payment did.</summary>
public enum PaymentOutcome
{
    /// <summary>The ledger changed: credits granted, taken back, frozen, released, or a note written.</summary>
    Applied,
    /// <summary>Recorded, and applied once the purchase it belongs to is paid and granted.</summary>
    Pending,
    /// <summary>Nothing new: the ledger already reflects it.</summary>
    Unchanged,
    /// <summary>Not usable (for example a checkout naming no valid account); logged, nothing recorded.</summary>
    Ignored,
    /// <summary>Not applied, and kept for an operator to replay (for example a checkout not paid as it was sold).</summary>
    Unapplied,
}

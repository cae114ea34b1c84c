namespace Credits.Ledger.Payments;

/// <summary>
/// Where a refund stands. Ordered by precedence, so events arriving out of order cannot move a
/// refund back: a refund that failed after succeeding stays failed.
/// </summary>
public enum RefundStatus
{
    /// <summary>Created and on its way (pending, or waiting for the customer): its credits are taken back.</summary>
    Pending = 0,
    /// <summary>The money went back to the customer: its credits are taken back.</summary>
    Succeeded = 1,
    /// <summary>The refund failed: credits taken for it are returned.</summary>
    Failed = 2,
    /// <summary>The refund was cancelled: credits taken for it are returned.</summary>
    Canceled = 3,
}

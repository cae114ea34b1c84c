namespace Credits.Ledger.Payments;

/// <summary>What the ledger has done about one refund.</summary>
internal enum RefundState
{
    /// <summary>Nothing yet: the purchase is not granted.</summary>
    Waiting = 0,
    /// <summary>The credits to take are fixed (so a retry sends the same command) and being taken.</summary>
    Clawing = 1,
    /// <summary>Taken back.</summary>
    Clawed = 2,
    /// <summary>The refund failed after its credits were taken: they were given back.</summary>
    Reversed = 3,
    /// <summary>The refund failed before anything was taken: nothing to do, ever.</summary>
    Void = 4,
}

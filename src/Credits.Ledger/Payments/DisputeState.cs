namespace Credits.Ledger.Payments;

/// <summary>What the ledger has done about one dispute.</summary>
internal enum DisputeState
{
    /// <summary>Nothing yet: the purchase is not granted.</summary>
    Waiting = 0,
    /// <summary>What was left of the purchase is frozen.</summary>
    Frozen = 1,
    /// <summary>Won: the freeze ended and the credits are available again.</summary>
    Released = 2,
    /// <summary>Lost: the credits to take are fixed (so a retry sends the same commands) and being taken.</summary>
    Clawing = 3,
    /// <summary>Lost: unfrozen and taken back.</summary>
    Clawed = 4,
}

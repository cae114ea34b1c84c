namespace Credits.Ledger.Payments;

/// <summary>
/// Where a dispute (chargeback) stands. Won and lost are final: once either is known, a later
/// report of an open dispute (an event delivered late) changes nothing.
/// </summary>
public enum DisputeStatus
{
    /// <summary>Under way: what is left of the purchase is frozen.</summary>
    Open = 0,
    /// <summary>Closed in the merchant's favour (or an inquiry closed): the credits are released.</summary>
    Won = 1,
    /// <summary>Closed in the customer's favour: the disputed share of the credits is taken back.</summary>
    Lost = 2,
}

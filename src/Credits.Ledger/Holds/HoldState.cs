namespace Credits.Ledger.Holds;

/// <summary>Where a hold is in its life. Values are stored; never renumber them.</summary>
public enum HoldState
{
    /// <summary>Credits are pinned and can be committed or released.</summary>
    Active = 0,
    /// <summary>Debited (all or part); the rest went back.</summary>
    Committed = 1,
    /// <summary>Given back by the caller.</summary>
    Released = 2,
    /// <summary>Given back because the TTL passed.</summary>
    Expired = 3,
}

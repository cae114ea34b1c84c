namespace Credits.Ledger.Lots;

/// <summary>Where a lot's credits came from. Values are stored; never renumber them.</summary>
public enum Bucket
{
    /// <summary>Free credits granted by the product.</summary>
    Free = 1,
    /// <summary>A lead's one-time allowance.</summary>
    Lead = 2,
    /// <summary>A purchased pack.</summary>
    Purchased = 3,
    /// <summary>A subscription period's allowance.</summary>
    Subscription = 4,
    /// <summary>Subscription credits carried over.</summary>
    Rollover = 5,
    /// <summary>A gift.</summary>
    Gift = 6,
    /// <summary>A referral reward.</summary>
    Referral = 7,
    /// <summary>A promotion.</summary>
    Promo = 8,
    /// <summary>Credits given back.</summary>
    Refund = 9,
    /// <summary>An operator's correction.</summary>
    Adjustment = 10,
}

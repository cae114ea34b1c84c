namespace Credits.Ledger.Journal;

/// <summary>What a journal entry records. Values are stored; never renumber them.</summary>
public enum EntryKind
{
    /// <summary>A lot was added (+n).</summary>
    Grant = 1,
    /// <summary>Credits moved from available to held (0).</summary>
    Reserve = 2,
    /// <summary>Held credits were debited (-n); the unused part returned.</summary>
    Commit = 3,
    /// <summary>Held credits were given back by the caller (0).</summary>
    Release = 4,
    /// <summary>Held credits were given back because the hold's TTL passed (0).</summary>
    HoldExpire = 5,
    /// <summary>Credits of an expired lot were removed (-n).</summary>
    LotExpire = 6,
    /// <summary>Credits left for another account (-n).</summary>
    TransferOut = 7,
    /// <summary>Credits arrived from another account (+n).</summary>
    TransferIn = 8,
}

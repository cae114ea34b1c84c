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
    /// <summary>Credits taken back after a refund or lost dispute, at once or from a later grant (-n).</summary>
    Clawback = 9,
    /// <summary>A claw-back undone (a refund that failed): credits returned (+n).</summary>
    ClawbackReverse = 10,
    /// <summary>Credits of a disputed purchase frozen (0: available to held).</summary>
    Freeze = 11,
    /// <summary>Frozen credits released after a dispute was won or closed (0).</summary>
    Unfreeze = 12,
    /// <summary>A note for support that changes nothing (0), such as a payment that failed.</summary>
    Note = 13,
    /// <summary>
    /// Unused credits of an expiring subscription lot carried into a rollover lot (+n); it follows
    /// the lot's expiry entry, which removed at least as many, so a rollover never creates credits.
    /// </summary>
    Rollover = 14,
    /// <summary>An active hold's expiry was moved later (ExtendHold) (0).</summary>
    HoldExtend = 15,
    /// <summary>An operator's correction (AdminService.Adjust): an adjustment lot (+n) or credits taken in burn-down order (-n); the reason is the reference.</summary>
    Adjustment = 16,
    /// <summary>Credits left the issuer into the escrow of new gift codes (-n: count × amount); the parts name the source lots.</summary>
    GiftCodesCreate = 20,
    /// <summary>A gift code's escrow arrived as gift lots keeping their source expiries (+n); the reference is the code id.</summary>
    GiftCodeRedeem = 21,
    /// <summary>
    /// A revoked gift code's escrow back at the issuer (+n): to the source lots while they live, else as
    /// gift lots keeping the source expiries; the reference is the code id.
    /// </summary>
    GiftCodeRevoke = 22,
    /// <summary>
    /// An expired, unredeemed gift code's escrow returned to the issuer by the sweeper (+n), as a
    /// revocation returns it; the reference is the code id.
    /// </summary>
    GiftCodeExpire = 23,

    /// <summary>
    /// Credits of a committed hold given back (RefundCharge) (+n): to the lots the commit drew from
    /// while they live, else as a refund lot; names the hold, the reason as its reference and the lot parts.
    /// </summary>
    Refund = 30,
}

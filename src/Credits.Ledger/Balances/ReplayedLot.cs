using Credits.Ledger.Lots;

namespace Credits.Ledger.Balances;

/// <summary>
/// One lot as the journal shows it at an instant: what arrived in it (<c>Granted</c>), what left it for
/// good (<c>Spent</c>: commits, transfers, claw-backs, negative adjustments, gift escrow), what was
/// pinned by holds (<c>Held</c>), what its expiry removed (<c>Expired</c>) and what is still available
/// (<c>Remaining</c>); <c>Sequences</c> are the journal entries that moved it, in order.
/// </summary>
public sealed record ReplayedLot(
    string LotId,
    Bucket Bucket,
    long Granted,
    long Spent,
    long Held,
    long Expired,
    long Remaining,
    IReadOnlyList<long> Sequences);

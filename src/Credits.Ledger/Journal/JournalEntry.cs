using Credits.Ledger.Lots;

namespace Credits.Ledger.Journal;

/// <summary>
/// One immutable line of an account's journal. <c>Amount</c> is the signed change of the account's total (available + held);
/// <c>Sequence</c> starts at 1 per account with no gaps. <c>Hash</c> chains the entry to the one before it
/// (<see cref="JournalChain"/>); null only on an entry stored before the chain existed and not yet back-filled.
/// </summary>
public sealed record JournalEntry(
    string AccountId,
    long Sequence,
    EntryKind Kind,
    long Amount,
    long AvailableAfter,
    long HeldAfter,
    string LotId,
    string HoldId,
    IReadOnlyList<LotPart> Parts,
    string Feature,
    string Actor,
    string IdempotencyKey,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt,
    Bucket? Bucket,
    string Reference,
    long OwedAfter = 0,
    byte[]? Hash = null);

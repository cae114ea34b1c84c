namespace Credits.Ledger.Commands;

/// <summary>
/// Undoes the claw-back with <see cref="Reference"/> (a refund that failed): credits taken go back
/// to their lots, the debt still owed is cancelled, and what was already repaid comes back as a
/// refund lot. Reversing an unknown or reversed claw-back changes nothing.
/// </summary>
public sealed record ReverseClawbackCommand(
    string Actor,
    string AccountId,
    string Reference,
    string IdempotencyKey) : LedgerCommand<ReverseClawbackResult>(Actor), IAccountCommand;

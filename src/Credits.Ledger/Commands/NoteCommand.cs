namespace Credits.Ledger.Commands;

/// <summary>
/// Writes a note into an account's journal without changing its balance (for example a payment
/// that failed), so support sees it in the history. Applied once per idempotency key.
/// </summary>
public sealed record NoteCommand(
    string Actor,
    string AccountId,
    string Reference,
    string IdempotencyKey,
    IReadOnlyDictionary<string, string> Metadata) : LedgerCommand<NoteResult>(Actor), IAccountCommand;

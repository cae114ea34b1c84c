namespace Credits.Ledger.Commands;

/// <summary>
/// Ends the freeze with <see cref="Reference"/>: its credits are available again (a dispute won).
/// For a dispute lost, send it with a <see cref="ClawbackCommand"/> in the same batch, which then
/// takes the unfrozen credits first. Unknown or ended freezes change nothing.
/// </summary>
public sealed record UnfreezeCommand(
    string Actor,
    string AccountId,
    string Reference,
    string IdempotencyKey) : LedgerCommand<UnfreezeResult>(Actor), IAccountCommand;

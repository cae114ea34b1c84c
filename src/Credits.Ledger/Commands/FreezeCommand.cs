namespace Credits.Ledger.Commands;

/// <summary>
/// Freezes what is left of a lot (a disputed purchase) under <see cref="Reference"/>: the credits
/// stop counting as available until <see cref="UnfreezeCommand"/> or a claw-back.
/// </summary>
public sealed record FreezeCommand(
    string Actor,
    string AccountId,
    string LotId,
    string Reference,
    string IdempotencyKey) : LedgerCommand<FreezeResult>(Actor), IAccountCommand;

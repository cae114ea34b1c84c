namespace Credits.Ledger.Commands;

/// <summary>
/// Gives back all (<see cref="Amount"/> null: all that is left) or part of what a committed hold
/// debited, less earlier refunds; the reason is required and recorded on the journal entry. The
/// idempotency key is scoped by the hold, because the request names only the hold.
/// </summary>
public sealed record RefundChargeCommand(string Actor, string HoldId, long? Amount, string Reason, string IdempotencyKey)
    : LedgerCommand<RefundChargeResult>(Actor);

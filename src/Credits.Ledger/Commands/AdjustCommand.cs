namespace Credits.Ledger.Commands;

/// <summary>
/// An operator's correction of an account's balance (AdminService.Adjust): a positive amount adds
/// an <c>adjustment</c> lot, a negative one takes available credits in burn-down order, never below
/// zero. The reason is required and is recorded on the journal entry.
/// </summary>
public sealed record AdjustCommand(string Actor, string AccountId, long Amount, string Reason, string IdempotencyKey)
    : LedgerCommand<AdjustResult>(Actor), IAccountCommand;

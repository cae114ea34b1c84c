using Credits.Ledger.Journal;

namespace Credits.Ledger.Commands;

/// <summary>
/// The sweeper's return of an expired, unredeemed gift code's escrow to its issuer. Built from
/// stored rows only (the code's hash and issuer), never from caller input.
/// </summary>
internal sealed record ReturnExpiredGiftCodeCommand(string IssuerAccountId, string CodeHash) : LedgerCommand<ReturnExpiredGiftCodeResult>(Actors.System);

/// <summary>Credits the return gave back: 0 when the code had already ended (redeemed or revoked meanwhile) or could not be returned yet.</summary>
internal sealed record ReturnExpiredGiftCodeResult(long Returned);

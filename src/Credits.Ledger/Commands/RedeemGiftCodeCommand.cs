namespace Credits.Ledger.Commands;

/// <summary>
/// Redeems a gift code into an account: the code's escrowed credits arrive as <c>gift</c> lots that
/// keep each source lot's expiry. A code is redeemed once; failed attempts per account and minute are limited.
/// </summary>
/// <param name="Actor">The caller, written into the redeemer's journal entry.</param>
/// <param name="Code">The code as typed: case-insensitive, dashes and spaces ignored.</param>
/// <param name="AccountId">The redeemer: a <c>user:</c> or <c>org:</c> account other than the issuer.</param>
/// <param name="IdempotencyKey">Scoped by the redeemer; a retry returns the first answer.</param>
public sealed record RedeemGiftCodeCommand(
    string Actor,
    string Code,
    string AccountId,
    string IdempotencyKey) : LedgerCommand<RedeemGiftCodeResult>(Actor);

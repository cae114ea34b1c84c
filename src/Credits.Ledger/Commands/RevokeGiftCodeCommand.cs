namespace Credits.Ledger.Commands;

/// <summary>
/// Revokes an unredeemed gift code: its escrowed credits go back to the issuer, once. The code is
/// named by its id (the full code is never stored), and only with its issuer's account.
/// </summary>
/// <param name="Actor">The caller, written into the issuer's journal entry.</param>
/// <param name="IssuerAccountId">The account that created the code.</param>
/// <param name="CodeId">The code's id (<c>gift_…</c>), as CreateGiftCodes and ListGiftCodes show it.</param>
/// <param name="IdempotencyKey">Scoped by the issuer; a retry returns the first answer.</param>
public sealed record RevokeGiftCodeCommand(
    string Actor,
    string IssuerAccountId,
    string CodeId,
    string IdempotencyKey) : LedgerCommand<RevokeGiftCodeResult>(Actor)
{
    /// <summary>
    /// The code's SHA-256, which keys its row; <see cref="CreditLedger.RevokeGiftCodeAsync"/> looks
    /// it up by id before the batch ("" when no code has that id and issuer).
    /// </summary>
    internal string CodeHash { get; init; } = "";
}

using Credits.Ledger.Balances;

namespace Credits.Ledger.Commands;

/// <summary>One created gift code: the only time its full text is shown (and on a retry with the same key).</summary>
/// <param name="CodeId">The opaque id that lists and revocation use.</param>
/// <param name="Code">The code for people, <c>XXXX-XXXX-XXXX-XXXX-C</c>.</param>
/// <param name="Amount">Credits it gives.</param>
/// <param name="ExpiresAt">When it stops working.</param>
public sealed record CreatedGiftCode(string CodeId, string Code, long Amount, DateTimeOffset ExpiresAt);

/// <summary>The codes CreateGiftCodes made, the credits now in escrow, and the issuer's balance after it.</summary>
public sealed record CreateGiftCodesResult(IReadOnlyList<CreatedGiftCode> Codes, long Escrowed, BalanceView IssuerBalance);

/// <summary>What a redemption gave, from which code, and the redeemer's balance after it.</summary>
public sealed record RedeemGiftCodeResult(string CodeId, long Redeemed, BalanceView Balance);

/// <summary>What a revocation gave back to the issuer, and the issuer's balance after it.</summary>
public sealed record RevokeGiftCodeResult(string CodeId, long Returned, BalanceView IssuerBalance);

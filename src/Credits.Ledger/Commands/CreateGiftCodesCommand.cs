namespace Credits.Ledger.Commands;

/// <summary>
/// Creates <paramref name="Count"/> gift codes of <paramref name="Amount"/> credits each: the
/// issuer's credits go into escrow at once, in one transaction, drawn only from lots that live past
/// <paramref name="ExpiresAt"/> so a code never outlives the credits behind it.
/// </summary>
/// <param name="Actor">The caller, written into the issuer's journal entry.</param>
/// <param name="IssuerAccountId">The account the credits leave: a <c>user:</c> or <c>org:</c> account.</param>
/// <param name="Amount">Credits per code, 1 to 10^12.</param>
/// <param name="Count">Codes to create, 1 to <see cref="GiftCodes.GiftCodeLimits.CodesPerRequestMax"/>.</param>
/// <param name="ExpiresAt">When unredeemed codes stop working and their credits return to the issuer; in the future.</param>
/// <param name="IdempotencyKey">Scoped by the issuer; a retry returns the first answer, codes included.</param>
public sealed record CreateGiftCodesCommand(
    string Actor,
    string IssuerAccountId,
    long Amount,
    int Count,
    DateTimeOffset ExpiresAt,
    string IdempotencyKey) : LedgerCommand<CreateGiftCodesResult>(Actor);

namespace Credits.Ledger.Payments.Offers;

/// <summary>The terms a pack is on sale under; a pack with none of them set is always on sale to anyone.</summary>
/// <param name="AvailableFrom">The first instant the pack may be bought; null: since ever.</param>
/// <param name="AvailableUntil">The first instant it may no longer be bought (exclusive); null: for ever.</param>
/// <param name="MaxPerAccount">How many times one account may buy it; null: no limit.</param>
/// <param name="FirstPurchaseOnly">Only for an account that never paid for a pack.</param>
public sealed record PackOffer(DateTimeOffset? AvailableFrom, DateTimeOffset? AvailableUntil, int? MaxPerAccount, bool FirstPurchaseOnly)
{
    /// <summary>Terms that let anyone buy at any time.</summary>
    public static readonly PackOffer Always = new(null, null, null, false);

    /// <summary>
    /// How many claims an account may hold: <see cref="MaxPerAccount"/>, and 1 for a first-purchase
    /// offer without one (once bought, the account has purchased); null when unlimited.
    /// </summary>
    public int? ClaimLimit => MaxPerAccount ?? (FirstPurchaseOnly ? 1 : null);

    /// <summary>Whether what the account bought before matters (a limit or first-purchase-only).</summary>
    public bool DependsOnAccount => ClaimLimit is not null;
}

namespace Credits.Ledger.GiftCodes;

/// <summary>The limits of gift codes, with their units in the names.</summary>
public static class GiftCodeLimits
{
    /// <summary>Most codes one CreateGiftCodes request makes: one batch of rows and one answer stay small.</summary>
    public const int CodesPerRequestMax = 1000;

    /// <summary>
    /// Failed redemptions one account may make per UTC minute. Guessing an 80-bit code is hopeless
    /// anyway; the limit keeps a script from using the ledger as an oracle and bounds the load it adds.
    /// </summary>
    public const int FailedRedemptionsPerMinuteMax = 5;

    /// <summary>
    /// The latest a code may expire, from its creation: escrowed credits are out of the issuer's
    /// reach until then, so an unbounded expiry could lock them up for good.
    /// </summary>
    public static readonly TimeSpan LifetimeMax = TimeSpan.FromDays(2 * 365);
}

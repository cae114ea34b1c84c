namespace Credits.AspNetCore.Charging;

/// <summary>
/// The credits held for one request while its handler runs. The handler may say it used less
/// (<see cref="UseCredits(long)"/>); when it ends, the hold is committed (that much) or released.
/// </summary>
public sealed class CreditCharge
{
    private long? _actual;

    internal CreditCharge(string accountId, string? holdId, long held, long availableAfterReserve, string? inFlightKey = null)
    {
        InFlightKey = inFlightKey;
        AccountId = accountId;
        HoldId = holdId;
        Held = held;
        AvailableAfterReserve = availableAfterReserve;
    }

    /// <summary>The ledger account charged.</summary>
    public string AccountId { get; }

    /// <summary>The ledger hold, or <see langword="null"/> when the request runs uncharged (fail-open while the ledger was down).</summary>
    public string? HoldId { get; }

    /// <summary>Whether credits are held for this request: <see langword="false"/> only when fail-open let it run uncharged.</summary>
    public bool IsCharged => HoldId is not null;

    /// <summary>The credits held (the price).</summary>
    public long Held { get; }

    /// <summary>What the handler said it used, or <see langword="null"/> for all of <see cref="Held"/>.</summary>
    public long? Actual => _actual;

    /// <summary>The account's available credits once this request is settled as it stands now.</summary>
    public long Remaining => AvailableAfterReserve + (Held - (_actual ?? Held));

    private long AvailableAfterReserve { get; }

    /// <summary>The ledger key this request holds in the gate's in-flight set (a caller's key only), freed when it settles.</summary>
    internal string? InFlightKey { get; }

    /// <summary>
    /// Says the request used only <paramref name="credits"/> of the price: on success that much is committed and the
    /// rest goes back (0 releases the hold). Call it before the response starts for <c>Credits-Remaining</c> to
    /// count it.
    /// </summary>
    /// <param name="credits">From 0 to <see cref="Held"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="credits"/> is negative or more than <see cref="Held"/>.</exception>
    public void UseCredits(long credits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(credits);
        if (IsCharged)
        {
            // More than the hold cannot be committed: the price is the most a request may cost.
            ArgumentOutOfRangeException.ThrowIfGreaterThan(credits, Held);
        }

        _actual = credits;
    }
}

namespace Credits.Ledger.Notifications;

/// <summary>
/// One account's low-balance state (columns of its row, so it is locked, decided and written with
/// the credits): the available balance right after the last top-up, and the lowest threshold fired
/// since. A threshold fires when a change lowers available to or below that percent of the top-up
/// balance and no threshold as low has fired since the top-up; several crossed at once fire once,
/// naming the lowest; zero fires <see cref="NotificationKind.Depleted"/>. Only a top-up re-arms:
/// credits coming back otherwise (a release, a refund) do not.
/// </summary>
internal sealed class LowBalanceWatch
{
    /// <summary>The stored value of <see cref="FiredPercent"/> once DEPLETED has fired: below every threshold.</summary>
    public const int DepletedPercent = 0;

    public LowBalanceWatch(long topUpBalance, int? firedPercent) => (TopUpBalance, FiredPercent) = (topUpBalance, firedPercent);

    /// <summary>Available credits right after the last top-up; 0 before any top-up was seen (nothing fires then).</summary>
    public long TopUpBalance { get; private set; }

    /// <summary>The lowest threshold fired since that top-up (<see cref="DepletedPercent"/> for DEPLETED); null when none has.</summary>
    public int? FiredPercent { get; private set; }

    /// <summary>A top-up arrived: its balance is the new reference and every threshold may fire again.</summary>
    public void Rearm(long availableAfter)
    {
        TopUpBalance = availableAfter;
        FiredPercent = null;
    }

    /// <summary>
    /// Decides what a change that lowered available to <paramref name="availableAfter"/> fires, and
    /// marks it fired; null when nothing new is crossed.
    /// </summary>
    public (NotificationKind Kind, int ThresholdPercent)? Lowered(long availableAfter, IReadOnlyList<int> thresholdsHighestFirst)
    {
        if (TopUpBalance <= 0)
        {
            return null;
        }
        var fired = FiredPercent ?? int.MaxValue;
        if (availableAfter == 0)
        {
            if (fired == DepletedPercent)
            {
                return null;
            }
            FiredPercent = DepletedPercent;
            return (NotificationKind.Depleted, DepletedPercent);
        }
        // The lowest threshold not yet fired that available is now at or below: exactly 20% of the top-up fires 20.
        int? crossed = null;
        foreach (var percent in thresholdsHighestFirst)
        {
            if (percent < fired && (decimal)availableAfter * 100 <= (decimal)TopUpBalance * percent)
            {
                crossed = percent;
            }
        }
        if (crossed is not { } lowest)
        {
            return null;
        }
        FiredPercent = lowest;
        return (NotificationKind.LowBalance, lowest);
    }
}

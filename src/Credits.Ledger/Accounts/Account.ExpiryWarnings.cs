using Credits.Ledger.Engine;
using Credits.Ledger.Lots;
using Credits.Ledger.Notifications;

namespace Credits.Ledger.Accounts;

/// <summary>CREDITS_EXPIRING: warnings before a lot's unspent credits expire, decided with the account locked.</summary>
internal sealed partial class Account
{
    /// <summary>
    /// For each live lot with unspent, unheld credits whose expiry is within a warning's days, the
    /// nearest such warning not yet given: one notification naming the lot, the credits, the date
    /// and what a rollover will keep. A lot first seen inside several windows (granted with 12
    /// hours left) gets only the nearest (1 day), never a late "7 days". The lot records the
    /// warning, so it fires once per lot and day whichever batch (a sweep, a Reserve) comes first.
    /// Run at the catch-up (time made it due) and again after the batch's rules for the accounts
    /// they changed (a grant or a release made it due), so a warning lands with what caused it,
    /// never with a later request that happens to load the account (a refused one included).
    /// </summary>
    public void WarnOfExpiringLots(RuleContext context)
    {
        var days = context.Options.Notifications.WarningDays;
        if (!context.Options.Notifications.Enabled || days.Count == 0)
        {
            return;
        }
        // Every batch catches every account up, so the common case (nothing due) is one pass
        // without allocating; only the lots due are put in burn-down order (the notifications' order).
        List<(Lot Lot, int Days)>? dueLots = null;
        foreach (var lot in _lots.Values)
        {
            if (WarningDue(lot, days, context.Now) is { } due)
            {
                (dueLots ??= []).Add((lot, due));
            }
        }
        if (dueLots is null)
        {
            return;
        }
        var dueDays = dueLots.ToDictionary(pair => pair.Lot, pair => pair.Days);
        foreach (var lot in BurnDown.Order(dueLots.Select(pair => pair.Lot)))
        {
            var due = dueDays[lot];
            lot.MarkExpiryWarned(due);
            // The warning is used up whatever the channels, as a low-balance threshold is.
            if (NotificationPreferences.Channels == NotificationChannels.None)
            {
                continue;
            }
            LastNotificationSequence++;
            _changed = true;
            _newNotifications.Add(WithSuggestedPack(new AccountNotification(AccountId, LastNotificationSequence, NotificationKind.CreditsExpiring, 0, Available,
                _watch.TopUpBalance, LastSequence, context.Now, Read: false)
            {
                Channels = NotificationPreferences.Channels,
                Expiring = new ExpiringLot(lot.LotId, lot.Unheld, lot.ExpiresAt!.Value, Math.Min(lot.Unheld, lot.RolloverCap), due),
            }, context));
        }
    }

    /// <summary>The nearest warning (days before expiry) <paramref name="lot"/> is due and has not had; null when none.</summary>
    private static int? WarningDue(Lot lot, IReadOnlyList<int> daysFarthestFirst, DateTimeOffset now)
    {
        if (lot.Unheld <= 0 || lot.ExpiresAt is not { } expiresAt || expiresAt <= now)
        {
            return null;
        }
        int? due = null;
        var left = expiresAt - now;
        foreach (var days in daysFarthestFirst)
        {
            if (left <= TimeSpan.FromDays(days))
            {
                due = days;     // farthest first: the last that fits is the nearest
            }
        }
        return due is { } nearest && (lot.ExpiryWarnedDays is not { } warned || nearest < warned) ? nearest : null;
    }
}

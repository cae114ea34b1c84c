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
    /// </summary>
    private void WarnOfExpiringLots(RuleContext context)
    {
        var days = context.Options.Notifications.WarningDays;
        if (!context.Options.Notifications.Enabled || days.Count == 0)
        {
            return;
        }
        foreach (var lot in BurnDown.Order(_lots.Values.Where(lot => lot.Unheld > 0 && lot.ExpiresAt is { } at && at > context.Now)))
        {
            var left = lot.ExpiresAt!.Value - context.Now;
            var due = days.Where(day => left <= TimeSpan.FromDays(day)).DefaultIfEmpty(0).Min();
            if (due == 0 || (lot.ExpiryWarnedDays is { } warned && warned <= due))
            {
                continue;
            }
            lot.MarkExpiryWarned(due);
            // The warning is used up whatever the channels, as a low-balance threshold is.
            if (!NotificationPreferences.Channels.HasFlag(NotificationChannels.InApp))
            {
                continue;
            }
            LastNotificationSequence++;
            _changed = true;
            _newNotifications.Add(new AccountNotification(AccountId, LastNotificationSequence, NotificationKind.CreditsExpiring, 0, Available,
                _watch.TopUpBalance, LastSequence, context.Now, Read: false)
            {
                Expiring = new ExpiringLot(lot.LotId, lot.Unheld, lot.ExpiresAt.Value, Math.Min(lot.Unheld, lot.RolloverCap), due),
            });
        }
    }
}

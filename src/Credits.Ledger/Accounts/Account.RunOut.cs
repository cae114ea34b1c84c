using Credits.Ledger.Engine;
using Credits.Ledger.Journal;
using Credits.Ledger.Notifications;

namespace Credits.Ledger.Accounts;

/// <summary>
/// RUN_OUT_FORECAST: the burn rate is kept in memory from each commit and refund (written with the
/// account row the change writes anyway), and the forecast fires, at most once per top-up, when a
/// change leaves credits that last fewer than the configured days at that rate.
/// </summary>
internal sealed partial class Account
{
    private BurnRate _burn;

    /// <summary>The burn rate as of this batch.</summary>
    public BurnRate Burn => _burn;

    /// <summary>True once RUN_OUT_FORECAST fired since the last top-up.</summary>
    public bool RunOutFired { get; private set; }

    /// <summary>
    /// Runs after the thresholds (so a change firing both lists LOW_BALANCE first): a commit or refund
    /// updates the burn rate; a top-up re-arms; a spend or a change that lowered available may fire.
    /// At zero DEPLETED says it all: the forecast does not fire.
    /// </summary>
    private void WatchRunOut(EntryKind kind, long amount, long before, RuleContext context)
    {
        var nowMs = Clock.ToMs(context.Now);
        if (kind is EntryKind.Commit or EntryKind.Refund)
        {
            // Commit entries carry the spend negated; a refund gives credits back.
            _burn = _burn.Spend(-amount, nowMs);
        }
        if (kind is EntryKind.Grant or EntryKind.TransferIn)
        {
            RunOutFired = false;
            return;
        }
        var days = context.Options.Notifications.RunOutDays;
        if (RunOutFired || days <= 0 || Available <= 0 || (Available >= before && kind != EntryKind.Commit))
        {
            return;
        }
        var perDay = _burn.PerDay(nowMs);
        if (perDay <= 0 || Available >= perDay * days)
        {
            return;
        }
        RunOutFired = true;
        // Used up whatever the channels, like a threshold: turning a channel on later must not replay it.
        if (NotificationPreferences.Channels == NotificationChannels.None)
        {
            return;
        }
        LastNotificationSequence++;
        _newNotifications.Add(WithSuggestedPack(new AccountNotification(AccountId, LastNotificationSequence, NotificationKind.RunOutForecast, 0, Available,
            _watch.TopUpBalance, LastSequence, context.Now, Read: false)
        {
            Channels = NotificationPreferences.Channels,
            RunOutAt = context.Now.AddDays(Available / perDay),
        }, context));
    }
}

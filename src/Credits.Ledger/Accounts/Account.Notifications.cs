using Credits.Ledger.Engine;
using Credits.Ledger.Journal;
using Credits.Ledger.Notifications;

namespace Credits.Ledger.Accounts;

/// <summary>Low-balance notifications: decided as each journal entry is appended, in the batch that makes the change.</summary>
internal sealed partial class Account
{
    private readonly List<AccountNotification> _newNotifications = [];
    private LowBalanceWatch _watch = new(0, null);
    private long _availableAtLastEntry;

    /// <summary>The account's notification preferences.</summary>
    public NotificationPreferences NotificationPreferences { get; private set; } = NotificationPreferences.Default;

    /// <summary>The sequence of the account's last notification (stored or new).</summary>
    public long LastNotificationSequence { get; private set; }

    /// <summary>Available credits right after the last top-up.</summary>
    public long TopUpBalance => _watch.TopUpBalance;

    /// <summary>The lowest threshold fired since the last top-up (0 for DEPLETED); null when none has.</summary>
    public int? FiredPercent => _watch.FiredPercent;

    /// <summary>Notifications this batch decided, written with its journal entries.</summary>
    public IReadOnlyList<AccountNotification> NewNotifications => _newNotifications;

    /// <summary>
    /// True once this batch set the preferences: the row's email address is written then only (the
    /// engine does not load it, so other batches leave it as it is).
    /// </summary>
    public bool NotificationEmailSet { get; private set; }

    /// <summary>Replaces the preferences; the account row is written, the journal is not (no credits move).</summary>
    public void SetNotificationPreferences(NotificationPreferences preferences)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        NotificationPreferences = preferences;
        NotificationEmailSet = true;
        _changed = true;
    }

    private void LoadNotifications(NotificationState state)
    {
        _watch = new LowBalanceWatch(state.TopUpBalance, state.FiredPercent);
        LastNotificationSequence = state.LastNotificationSequence;
        NotificationPreferences = state.Preferences;
        _availableAtLastEntry = Available;
        _burn = state.Burn;
        RunOutFired = state.RunOutFired;
    }

    /// <summary>
    /// Runs after every journal entry: a top-up (a grant, credits arriving from another account)
    /// re-arms the thresholds; any other entry that lowered available may fire one. Rollovers and
    /// refunds add lots too but do not re-arm: they return credits the user already had.
    /// </summary>
    private void WatchBalance(EntryKind kind, long amount, RuleContext context)
    {
        var before = _availableAtLastEntry;
        _availableAtLastEntry = Available;
        if (!context.Options.Notifications.Enabled)
        {
            return;
        }
        WatchThresholds(kind, before, context);
        WatchRunOut(kind, amount, before, context);
    }

    private void WatchThresholds(EntryKind kind, long before, RuleContext context)
    {
        if (kind is EntryKind.Grant or EntryKind.TransferIn)
        {
            _watch.Rearm(Available);
            return;
        }
        if (Available >= before || _watch.Lowered(Available, NotificationPreferences.LowBalanceThresholds) is not { } fired)
        {
            return;
        }
        // The threshold is used up whatever the channels: turning a channel on later must not replay old crossings.
        if (NotificationPreferences.Channels == NotificationChannels.None)
        {
            return;
        }
        LastNotificationSequence++;
        _newNotifications.Add(WithSuggestedPack(new AccountNotification(AccountId, LastNotificationSequence, fired.Kind, fired.ThresholdPercent, Available,
            _watch.TopUpBalance, LastSequence, context.Now, Read: false) { Channels = NotificationPreferences.Channels }, context));
    }
}

namespace Credits.Ledger.Notifications;

/// <summary>The notification columns of an account row, as loaded.</summary>
/// <param name="TopUpBalance">Available credits right after the last top-up.</param>
/// <param name="FiredPercent">The lowest threshold fired since (0 for DEPLETED); null when none has.</param>
/// <param name="LastNotificationSequence">The sequence of the account's last notification.</param>
/// <param name="Preferences">The account's preferences.</param>
internal sealed record NotificationState(long TopUpBalance, int? FiredPercent, long LastNotificationSequence, NotificationPreferences Preferences)
{
    /// <summary>The burn rate kept from the account's commits.</summary>
    public BurnRate Burn { get; init; }

    /// <summary>True once RUN_OUT_FORECAST fired since the last top-up.</summary>
    public bool RunOutFired { get; init; }

    /// <summary>An account that has seen no top-up and set no preferences.</summary>
    public static NotificationState Initial { get; } = new(0, null, 0, NotificationPreferences.Default);
}

namespace Credits.Ledger.Notifications;

/// <summary>What a notification tells the account's user. Values are stored; never renumber them.</summary>
public enum NotificationKind
{
    /// <summary>Available credits fell to or below a threshold percent of the balance right after the last top-up.</summary>
    LowBalance = 1,

    /// <summary>Available credits reached zero.</summary>
    Depleted = 2,

    /// <summary>A lot's unspent credits expire within the warning's days (the lot, the credits, the date, what rolls over).</summary>
    CreditsExpiring = 3,

    /// <summary>At the account's burn rate its available credits run out within the configured days (the expected date).</summary>
    RunOutForecast = 4,
}

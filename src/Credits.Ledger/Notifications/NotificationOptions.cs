namespace Credits.Ledger.Notifications;

/// <summary>Configuration section <c>Ledger:Notifications</c>.</summary>
public sealed class NotificationOptions
{
    /// <summary>
    /// Whether changes decide notifications at all (default true). Off, the low-balance state is
    /// left as it is and no notification is written: the switch the benchmark compares.
    /// </summary>
    public bool Enabled { get; set; } = true;
}

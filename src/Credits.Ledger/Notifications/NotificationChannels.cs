namespace Credits.Ledger.Notifications;

/// <summary>The channels an account's user wants notifications on. Values are stored as a bit set; never renumber them.</summary>
[Flags]
public enum NotificationChannels
{
    /// <summary>No channel: notifications are decided (thresholds are used up) but not kept.</summary>
    None = 0,

    /// <summary>Email, to the preferences' address or else the purchase receipts' (<c>NotificationMailOutbox</c>, sent by the receipts' sender).</summary>
    Email = 1,

    /// <summary>In the product: ListNotifications and StreamNotifications.</summary>
    InApp = 2,

    /// <summary>Signed webhooks to the product (a later increment delivers them).</summary>
    Webhook = 4,
}

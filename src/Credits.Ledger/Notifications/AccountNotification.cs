namespace Credits.Ledger.Notifications;

/// <summary>
/// A notification decided in the transaction of the change that caused it (table <c>notifications</c>),
/// numbered per account from 1, so a reader resumes after the last sequence it saw.
/// </summary>
/// <param name="AccountId">The account it concerns.</param>
/// <param name="Sequence">Per-account order, from 1, without gaps among all kept (the in-app list skips those kept for other channels only).</param>
/// <param name="Kind">What happened.</param>
/// <param name="ThresholdPercent">The threshold crossed (the lowest, when a change crossed several); 0 for DEPLETED.</param>
/// <param name="Balance">Available credits right after the change.</param>
/// <param name="TopUpBalance">Available credits right after the last top-up: what the percent is of.</param>
/// <param name="JournalSequence">The journal entry of the change.</param>
/// <param name="CreatedAt">When the change was decided.</param>
/// <param name="Read">True once the user marked it read.</param>
/// <remarks>CREDITS_EXPIRING also sets <see cref="Expiring"/>; RUN_OUT_FORECAST sets <see cref="RunOutAt"/>.</remarks>
public sealed record AccountNotification(
    string AccountId,
    long Sequence,
    NotificationKind Kind,
    int ThresholdPercent,
    long Balance,
    long TopUpBalance,
    long JournalSequence,
    DateTimeOffset CreatedAt,
    bool Read)
{
    /// <summary>For CREDITS_EXPIRING: which credits expire when; null otherwise.</summary>
    public ExpiringLot? Expiring { get; init; }

    /// <summary>For RUN_OUT_FORECAST: when the available credits run out at the burn rate of the moment it fired; null otherwise.</summary>
    public DateTimeOffset? RunOutAt { get; init; }

    /// <summary>The pack suggested when it fired (the smallest covering 30 days of use at the burn rate); empty for none.</summary>
    public string SuggestedPackId { get; init; } = "";

    /// <summary>The link to buy <see cref="SuggestedPackId"/> (<c>PurchaseUrl?pack=id</c>); empty without a pack or a configured URL.</summary>
    public string PurchaseUrl { get; init; } = "";

    /// <summary>The channels the account chose when it fired: where it is listed (in-app), mailed and posted (webhooks).</summary>
    public NotificationChannels Channels { get; init; } = NotificationChannels.InApp;
}

/// <summary>What a CREDITS_EXPIRING notification warns about.</summary>
/// <param name="LotId">The lot.</param>
/// <param name="Amount">Its credits not spent nor held when the warning was given.</param>
/// <param name="ExpiresAt">When they expire.</param>
/// <param name="RolloverAmount">How many of them a rollover will carry into a new lot (subscription allowances); the rest is lost.</param>
/// <param name="DaysBefore">The warning: this many days (or fewer) before the expiry.</param>
public sealed record ExpiringLot(string LotId, long Amount, DateTimeOffset ExpiresAt, long RolloverAmount, int DaysBefore);

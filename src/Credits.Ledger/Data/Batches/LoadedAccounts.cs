using Credits.Ledger.Accounts;
using Credits.Ledger.Clawbacks;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Holds;
using Credits.Ledger.Lots;
using Credits.Ledger.Notifications;

namespace Credits.Ledger.Data.Batches;

/// <summary>An account as a batch decides on it, from its row and live rows: read by the load, or kept from an earlier commit.</summary>
internal static class LoadedAccounts
{
    public static Account From(AccountRow row, IEnumerable<Lot> lots, IEnumerable<Hold> holds, IEnumerable<Clawback> clawbacks) =>
        new(row.AccountId, persisted: true, row.Available, row.Held, row.LastSequence,
            (LeadState)row.LeadState, row.ClaimedBy, lots, holds, row.Owed, clawbacks, row.LastHash,
            new NotificationState(row.TopUpBalance, row.LowBalanceFired, row.LastNotificationSequence,
                NotificationPreferences.FromStored(row.NotificationThresholds, row.NotificationChannels))
            {
                Burn = new BurnRate(row.BurnSpent, row.BurnUpdatedAtMs, row.BurnSinceMs),
                RunOutFired = row.RunOutFired != 0,
            },
            row.LastUsageSequence)
        {
            LoadedRowVersion = row.RowVersion,
        };

    /// <summary>
    /// The row as the batch that changed <paramref name="account"/> left it once committed: what a
    /// later batch would read under its lock, with the version the update trigger gave it.
    /// </summary>
    public static AccountRow RowAfterCommit(Account account) => new()
    {
        AccountId = account.AccountId,
        Available = account.Available,
        Held = account.Held,
        LastSequence = account.LastSequence,
        LeadState = (int)account.LeadState,
        ClaimedBy = account.ClaimedBy,
        Owed = account.Owed,
        LastHash = account.LastHash,
        TopUpBalance = account.TopUpBalance,
        LowBalanceFired = account.FiredPercent,
        LastNotificationSequence = account.LastNotificationSequence,
        NotificationThresholds = account.NotificationPreferences.StoredThresholds,
        NotificationChannels = (int)account.NotificationPreferences.Channels,
        LastUsageSequence = account.LastUsageSequence,
        BurnSpent = account.Burn.Spent,
        BurnUpdatedAtMs = account.Burn.UpdatedAtMs,
        BurnSinceMs = account.Burn.SinceMs,
        RunOutFired = account.RunOutFired ? 1 : 0,
        RowVersion = account.LoadedRowVersion + (account.RowWritten ? 1 : 0),
    };
}

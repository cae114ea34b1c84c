using Credits.Ledger.Accounts;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Notifications;

/// <summary>
/// The in-app side of notifications: an account's notifications in sequence order, marking them
/// read, and its preferences. Notifications are written by the engine; this only reads them and
/// flips their read flag, which is a plain conditional update (no credits move, no lock needed).
/// </summary>
public sealed class NotificationInbox(LedgerDatabase database)
{
    /// <summary>
    /// Up to <paramref name="limit"/> notifications of <paramref name="accountId"/> after
    /// <paramref name="afterSequence"/>, oldest first; only unread ones when <paramref name="unreadOnly"/>.
    /// Only those kept for in-app: one that fired while the user had in-app off (e-mail or webhooks
    /// only) is never listed, even after in-app is turned on. Sequences therefore may skip.
    /// </summary>
    public async Task<IReadOnlyList<AccountNotification>> ListAsync(string accountId, long afterSequence, int limit, bool unreadOnly,
        CancellationToken cancellationToken = default)
    {
        AccountIds.Parse(accountId, "account_id");
        await using var db = database.Open();
        var rows = db.Notifications.Where(row => row.AccountId == accountId && row.Sequence > afterSequence
            && (row.Channels & (int)NotificationChannels.InApp) != 0);
        if (unreadOnly)
        {
            rows = rows.Where(row => row.Read == 0);
        }
        var page = await rows.OrderBy(row => row.Sequence).Take(limit).ToListAsync(cancellationToken);
        return page.Select(ToNotification).ToList();
    }

    /// <summary>Marks every notification of the account up to <paramref name="upToSequence"/> read; returns how many were unread. Repeating it changes nothing.</summary>
    public async Task<int> MarkReadAsync(string accountId, long upToSequence, CancellationToken cancellationToken = default)
    {
        AccountIds.Parse(accountId, "account_id");
        if (upToSequence < 1)
        {
            throw LedgerErrors.Invalid("up_to_sequence", "up_to_sequence is a notification's sequence, 1 or more.").ToException();
        }
        await using var db = database.Open();
        return await db.Notifications
            .Where(row => row.AccountId == accountId && row.Sequence <= upToSequence && row.Read == 0)
            .Set(row => row.Read, 1)
            .UpdateAsync(cancellationToken);
    }

    /// <summary>The account's preferences; the defaults for an account that never set them (or does not exist yet).</summary>
    public async Task<NotificationPreferences> GetPreferencesAsync(string accountId, CancellationToken cancellationToken = default)
    {
        AccountIds.Parse(accountId, "account_id");
        await using var db = database.Open();
        var row = await db.Accounts.Where(account => account.AccountId == accountId)
            .Select(account => new { account.NotificationThresholds, account.NotificationChannels, account.NotificationEmail, account.NotificationLocale })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? NotificationPreferences.Default : NotificationPreferences.FromStored(row.NotificationThresholds, row.NotificationChannels, row.NotificationEmail, row.NotificationLocale);
    }

    internal static AccountNotification ToNotification(NotificationRow row) =>
        new(row.AccountId, row.Sequence, (NotificationKind)row.Kind, row.ThresholdPercent, row.Balance, row.TopUpBalance, row.JournalSequence,
            Clock.FromMs(row.CreatedAtMs), row.Read != 0)
        {
            Channels = (NotificationChannels)row.Channels,
            Expiring = row.ExpiresAtMs is { } expiresAtMs
                ? new ExpiringLot(row.LotId, row.Amount, Clock.FromMs(expiresAtMs), row.RolloverAmount, row.DaysBefore)
                : null,
            RunOutAt = Clock.FromMs(row.RunOutAtMs),
            SuggestedPackId = row.SuggestedPackId,
            PurchaseUrl = row.PurchaseUrl,
        };
}

using Credits.Ledger.Notifications;

namespace Credits.Ledger.Commands;

/// <summary>
/// Replaces an account's notification preferences (thresholds and channels), under the account's
/// lock, so the next change that crosses a threshold is decided with them. Applied once per idempotency key.
/// </summary>
public sealed record SetNotificationPreferencesCommand(
    string Actor,
    string AccountId,
    NotificationPreferences Preferences,
    string IdempotencyKey) : LedgerCommand<NotificationPreferencesResult>(Actor), IAccountCommand;

/// <summary>The preferences as stored.</summary>
public sealed record NotificationPreferencesResult(NotificationPreferences Preferences);

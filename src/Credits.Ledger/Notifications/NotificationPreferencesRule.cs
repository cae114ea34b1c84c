using System.Globalization;
using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Engine;
using Credits.Ledger.Notifications.Email;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.Notifications;

/// <summary>Notification preferences: validated, then set on the locked account (created if new, like a note's).</summary>
internal sealed class NotificationPreferencesRule : AccountKeyedRule<SetNotificationPreferencesCommand, NotificationPreferencesResult>
{
    protected override void Validate(SetNotificationPreferencesCommand command)
    {
        AccountIds.Parse(command.AccountId, "account_id");
        NotificationPreferences.ValidThresholds(command.Preferences.LowBalanceThresholds, "preferences.low_balance_thresholds");
        if ((command.Preferences.Channels & ~(NotificationChannels.Email | NotificationChannels.InApp | NotificationChannels.Webhook)) != 0)
        {
            throw Errors.LedgerErrors.Invalid("preferences", "preferences name only email, in-app and webhook.").ToException();
        }
        NotificationEmailAddress.Valid(command.Preferences.EmailAddress, "preferences.email_address");
        NotificationPreferences.ValidLocale(command.Preferences.Locale, "preferences.locale");
        Require.IdempotencyKey(command.IdempotencyKey);
    }

    // The thresholds in the command are sorted before they are stored: the same set in another order is the same request.
    protected override SetNotificationPreferencesCommand Prepare(SetNotificationPreferencesCommand command, AdmissionContext context) =>
        command with
        {
            Preferences = command.Preferences with
            {
                LowBalanceThresholds = NotificationPreferences.ValidThresholds(command.Preferences.LowBalanceThresholds, "preferences.low_balance_thresholds"),
                // "" and null both mean no address: one stored form, so a retry with either is the same request.
                EmailAddress = NotificationEmailAddress.Valid(command.Preferences.EmailAddress, "preferences.email_address"),
                Locale = NotificationPreferences.ValidLocale(command.Preferences.Locale, "preferences.locale"),
            },
        };

    // The locale joins the digest only when set: requests stored before it existed keep their fingerprint.
    public override string Fingerprint(SetNotificationPreferencesCommand command) => command.Preferences.Locale is { } locale
        ? Digest("notification-preferences", command.AccountId,
            string.Join(',', command.Preferences.LowBalanceThresholds.Select(percent => percent.ToString(CultureInfo.InvariantCulture))),
            ((int)command.Preferences.Channels).ToString(CultureInfo.InvariantCulture), command.Preferences.EmailAddress ?? "", locale)
        : Digest("notification-preferences", command.AccountId,
            string.Join(',', command.Preferences.LowBalanceThresholds.Select(percent => percent.ToString(CultureInfo.InvariantCulture))),
            ((int)command.Preferences.Channels).ToString(CultureInfo.InvariantCulture), command.Preferences.EmailAddress ?? "");

    protected override void DeclareAccounts(SetNotificationPreferencesCommand command, LoadPlan plan) => plan.Account(command.AccountId, create: true);

    protected override Decision<NotificationPreferencesResult> DecideOnce(SetNotificationPreferencesCommand command, Batch batch)
    {
        var account = batch.Accounts[command.AccountId];
        account.SetNotificationPreferences(command.Preferences);
        return new NotificationPreferencesResult(account.NotificationPreferences);
    }
}

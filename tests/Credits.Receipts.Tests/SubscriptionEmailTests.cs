using System.Globalization;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Notifications;
using Credits.Receipts.Tests.Support;

namespace Credits.Receipts.Tests;

/// <summary>Subscription emails: written with the ledger change, sent through the same outbox sender.</summary>
public sealed class SubscriptionEmailTests(DatabaseProvider provider) : ReceiptFixture(provider)
{
    [Test]
    public async Task Starting_a_subscription_sends_a_renewal_email_with_the_credits_added_and_the_next_date()
    {
        var account = NewAccount();
        var email = NewEmail();

        var subscription = await Server.Subscriptions.StartManualAsync(account, "basic", NewKey(), "ops", email);
        var mail = (await Smtp.WaitForMailsToAsync(email, 1, MailTimeout)).Single().Message;
        await Task.Delay(QuietPeriod);

        Assert.That(Smtp.MailsTo(email), Has.Count.EqualTo(1), "exactly one email");
        Assert.That(mail.Subject, Is.EqualTo("100 credits added to your basic subscription"));
        var next = subscription.PeriodEnd.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(mail.TextBody, Does.Contain("Credits added:     100"));
        Assert.That(mail.TextBody, Does.Contain("Next renewal:      " + next));
        Assert.That(mail.TextBody, Does.Contain("Carried over:      0 unused credits"));
        Assert.That(mail.HtmlBody, Does.Contain(subscription.SubscriptionId));
    }

    [Test]
    public async Task Cancelling_a_subscription_sends_a_confirmation_saying_when_it_ends()
    {
        var account = NewAccount();
        var email = NewEmail();
        var subscription = await Server.Subscriptions.StartManualAsync(account, "basic", NewKey(), "ops", email);
        await Smtp.WaitForMailsToAsync(email, 1, MailTimeout);

        await Server.Subscriptions.CancelManualAsync(subscription.SubscriptionId, atPeriodEnd: true, NewKey(), "ops");
        var mails = await Smtp.WaitForMailsToAsync(email, 2, MailTimeout);

        var confirmation = mails.Select(captured => captured.Message).Single(mail => mail.Subject?.Contains("cancelled", StringComparison.Ordinal) == true);
        var ends = subscription.PeriodEnd.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(confirmation.Subject, Is.EqualTo("Your basic subscription is cancelled"));
        Assert.That(confirmation.TextBody, Does.Contain("Ends:              " + ends));
        Assert.That(confirmation.TextBody, Does.Contain("The credits you have stay until they expire"));
    }

    private static readonly string[] GermanMonths =
        ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"];

    [Test]
    public async Task A_German_account_gets_its_subscription_mails_in_German()
    {
        var account = NewAccount();
        var email = NewEmail();
        // The account's locale lives with its notification preferences; no notification channel is needed for it.
        await Server.Ledger.SetNotificationPreferencesAsync(new SetNotificationPreferencesCommand("test", account,
            new NotificationPreferences([20], NotificationChannels.InApp) { Locale = "de" }, NewKey()));

        var subscription = await Server.Subscriptions.StartManualAsync(account, "basic", NewKey(), "ops", email);
        var renewal = (await Smtp.WaitForMailsToAsync(email, 1, MailTimeout)).Single().Message;
        await Server.Subscriptions.CancelManualAsync(subscription.SubscriptionId, atPeriodEnd: true, NewKey(), "ops");
        var mails = await Smtp.WaitForMailsToAsync(email, 2, MailTimeout);

        var end = subscription.PeriodEnd.UtcDateTime;
        var german = string.Create(CultureInfo.InvariantCulture, $"{end.Day}. {GermanMonths[end.Month - 1]} {end.Year}, {end:HH:mm} UTC");
        Assert.That(renewal.Subject, Is.EqualTo("100 Credits zu Ihrem Abonnement basic hinzugefügt"));
        Assert.That(renewal.TextBody, Does.Contain("Nächste Verlängerung: " + german).And.Contain("Neue Credits:      100"));
        Assert.That(renewal.HtmlBody, Does.Contain("<html lang=\"de\">"));
        var confirmation = mails.Select(captured => captured.Message).Single(mail => mail != renewal && mail.Subject != renewal.Subject);
        Assert.That(confirmation.Subject, Is.EqualTo("Ihr Abonnement basic ist gekündigt"));
        Assert.That(confirmation.TextBody, Does.Contain("Endet:             " + german));
    }
}

using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Notifications;
using Credits.Receipts.Tests.Support;

namespace Credits.Receipts.Tests;

/// <summary>
/// Issue 16: a purchase receipt is in the locale its payload carries (the checkout's), else the
/// account's (notification preferences), else English; German receipts write German money and numbers.
/// </summary>
public sealed class ReceiptLocaleTests(DatabaseProvider provider) : ReceiptFixture(provider)
{
    private Task<NotificationPreferencesResult> SetLocaleAsync(string account, string locale) =>
        Server.Ledger.SetNotificationPreferencesAsync(new SetNotificationPreferencesCommand("test", account,
            new NotificationPreferences([20], NotificationChannels.InApp) { Locale = locale }, NewKey()));

    [Test]
    public async Task A_receipt_for_an_account_in_de_DE_without_a_checkout_locale_is_German_with_euro_money()
    {
        var account = NewAccount();
        var email = NewEmail();
        await SetLocaleAsync(account, "de-DE");

        await Server.PurchaseAsync(account, email, credits: 1_000, bonusCredits: 200, NewKey(), amountTotal: 123_450, currency: "eur");
        var mail = (await Smtp.WaitForMailsToAsync(email, 1, MailTimeout)).Single().Message;

        Assert.That(mail.Subject, Is.EqualTo("Ihre Quittung: Starter pack, 1.200 Credits"));
        Assert.That(mail.TextBody, Does.Contain("Bezahlt:         1.234,50 €").And.Contain("1.000 Credits + 200 Bonus-Credits"));
        Assert.That(mail.HtmlBody, Does.Contain("<html lang=\"de\">").And.Contain("1.234,50 €"));
    }

    [Test]
    public async Task The_checkouts_locale_in_the_payload_wins_over_the_accounts()
    {
        var account = NewAccount();
        var email = NewEmail();
        await SetLocaleAsync(account, "en");

        await Server.PurchaseAsync(account, email, credits: 100, bonusCredits: 0, NewKey(), amountTotal: 999, currency: "usd", locale: "de");
        var mail = (await Smtp.WaitForMailsToAsync(email, 1, MailTimeout)).Single().Message;

        Assert.That(mail.Subject, Is.EqualTo("Ihre Quittung: Starter pack, 100 Credits"));
        Assert.That(mail.TextBody, Does.Contain("Bezahlt:         9,99 USD"));
    }

    [Test]
    public async Task Without_any_locale_the_receipt_is_English()
    {
        var account = NewAccount();
        var email = NewEmail();

        await Server.PurchaseAsync(account, email, credits: 1_000, bonusCredits: 0, NewKey(), amountTotal: 123_450, currency: "eur");
        var mail = (await Smtp.WaitForMailsToAsync(email, 1, MailTimeout)).Single().Message;

        Assert.That(mail.Subject, Is.EqualTo("Your receipt: Starter pack, 1,000 credits"));
        Assert.That(mail.TextBody, Does.Contain("Paid:            1,234.50 EUR"));
    }
}

using Credits.Ledger.Data;
using Credits.Ledger.Notifications.Email;
using Credits.Stripe.Tests.Support;
using Credits.Testing;

namespace Credits.Stripe.Tests.Checkout;

/// <summary>
/// The receipt's language: the locale the buyer's page passed to CreateCheckoutSession is kept with
/// the sold checkout, and the receipt of its payment is written in it, before the account's own
/// locale (the mail composition in each language is specified in Credits.Receipts.Tests).
/// </summary>
public sealed class CheckoutReceiptLocaleTests(DatabaseProvider provider) : StripeFixture(provider)
{
    private NotificationMailOutbox Mails => new(Server.Database, Server.Time);

    private async Task<string> SessionOfReceipt(string account) =>
        (await Outbox(account)).Single(message => message.Topic == "receipt.purchase").Payload["sessionId"]!.GetValue<string>();

    private Task<int> SetAccountLocale(string account, string locale) =>
        TestSql.ExecuteAsync(Server.Database, "UPDATE accounts SET notification_locale = @locale WHERE account_id = @account",
            ("locale", locale), ("account", account));

    [Test]
    public async Task The_checkouts_locale_wins_over_the_accounts()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Sell(account, payment, locale: "de-AT");
        await Deliver("checkout.session.completed", StripeObjects.CheckoutSession(payment, account, TestPacks.Starter, TestPacks.StarterAmount));
        await SetAccountLocale(account, "en-GB");

        Assert.That(await Mails.ReceiptLocaleOfAsync(account, await SessionOfReceipt(account)), Is.EqualTo("de-AT"));
    }

    [Test]
    public async Task Without_a_checkout_locale_the_accounts_is_used_and_without_either_none()
    {
        var withAccountLocale = NewAccount();
        var withNone = NewAccount();
        await Paid(withAccountLocale, Payment.New());
        await Paid(withNone, Payment.New());
        await SetAccountLocale(withAccountLocale, "de-DE");

        Assert.That(await Mails.ReceiptLocaleOfAsync(withAccountLocale, await SessionOfReceipt(withAccountLocale)), Is.EqualTo("de-DE"));
        Assert.That(await Mails.ReceiptLocaleOfAsync(withNone, await SessionOfReceipt(withNone)), Is.Null);
    }

    [Test]
    public async Task Another_accounts_session_lends_no_locale()
    {
        var buyer = NewAccount();
        var other = NewAccount();
        var payment = Payment.New();
        await Sell(buyer, payment, locale: "de");
        await Deliver("checkout.session.completed", StripeObjects.CheckoutSession(payment, buyer, TestPacks.Starter, TestPacks.StarterAmount));

        Assert.That(await Mails.ReceiptLocaleOfAsync(other, await SessionOfReceipt(buyer)), Is.Null);
    }
}

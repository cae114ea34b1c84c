using Credits.Ledger.Data;
using Credits.Receipts.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Credits.Receipts.Tests;

/// <summary>
/// A purchase grant carries a receipt through the transactional outbox; the server's receipt service
/// sends it with MailKit to a real SMTP server on loopback, once, whether or not that server was up
/// when the grant was made.
/// </summary>
public sealed class ReceiptDeliveryTests(DatabaseProvider provider) : ReceiptFixture(provider)
{
    [Test]
    public async Task A_purchase_sends_one_receipt_with_the_pack_the_credits_and_the_new_balance()
    {
        var account = NewAccount();
        var email = NewEmail();
        await Server.GrantAsync(account, 5);

        var grant = await Server.PurchaseAsync(account, email, credits: 100, bonusCredits: 10, NewKey(),
            packName: "Starter & <Pro> pack", sessionId: "cs_test_receipt_1");
        var mails = await Smtp.WaitForMailsToAsync(email, 1, MailTimeout);
        await Task.Delay(QuietPeriod);

        Assert.That(grant.Balance.Available, Is.EqualTo(115));
        Assert.That(Smtp.MailsTo(email), Has.Count.EqualTo(1), "exactly one receipt");
        var mail = mails.Single().Message;
        var text = mail.TextBody;
        var html = mail.HtmlBody;
        Assert.Multiple(() =>
        {
            Assert.That(mail.To.Mailboxes.Select(m => m.Address), Is.EqualTo(new[] { email }));
            Assert.That(mail.From.Mailboxes.Single().Address, Is.EqualTo(ReceiptSettings.FromAddress));
            Assert.That(mail.From.Mailboxes.Single().Name, Is.EqualTo(ReceiptSettings.FromName));
            Assert.That(mail.Subject, Is.EqualTo("Your receipt: Starter & <Pro> pack, 110 credits"));
            Assert.That(mail.MessageId, Does.Match(@"^msg_[A-Za-z0-9_-]{22}@credits\.test$"), "Message-ID from the outbox message id");

            Assert.That(text, Does.Contain("Starter & <Pro> pack"));
            Assert.That(text, Does.Contain("100 credits + 10 bonus credits"));
            Assert.That(text, Does.Contain("Credits added:   110"));
            Assert.That(text, Does.Contain("Your available balance is now 115 credits."));
            Assert.That(text, Does.Contain("9.99 USD"));
            Assert.That(text, Does.Contain("cs_test_receipt_1"));

            Assert.That(html, Does.Contain("Starter &amp; &lt;Pro&gt; pack"), "values are HTML-encoded");
            Assert.That(html, Does.Not.Contain("<Pro>"));
            Assert.That(html, Does.Contain("100 credits + 10 bonus credits"));
            Assert.That(html, Does.Contain("<strong>115</strong>"));
            Assert.That(html, Does.Contain("cs_test_receipt_1"));
        });
        Assert.That(Server.ReceiptLogs(account).Where(r => r.Level >= LogLevel.Warning), Is.Empty);
    }

    [Test]
    public async Task With_the_mail_server_down_at_grant_time_the_grant_stands_and_the_receipt_goes_out_once_when_it_is_back()
    {
        var account = NewAccount();
        var email = NewEmail();
        await Smtp.StopAsync();
        try
        {
            var grant = await Server.PurchaseAsync(account, email, credits: 100, bonusCredits: 0, NewKey());

            Assert.That(grant.Balance.Available, Is.EqualTo(100), "the grant stands");
            var failedTwice = await Eventually(
                () => Server.ReceiptLogs(account).Count(r => r.Level == LogLevel.Warning) >= 2, MailTimeout);
            Assert.That(failedTwice, Is.True, "the receipt service tried (and retried) while the mail server was down");
            Assert.That(Smtp.MailsTo(email), Is.Empty);
        }
        finally
        {
            await Smtp.StartAsync();
        }

        var mails = await Smtp.WaitForMailsToAsync(email, 1, MailTimeout);
        await Task.Delay(QuietPeriod);

        Assert.That(mails, Has.Count.EqualTo(1), "the receipt arrives once the server is back");
        Assert.That(Smtp.MailsTo(email), Has.Count.EqualTo(1), "and only once");
        Assert.That(mails[0].Message.TextBody, Does.Contain("Your available balance is now 100 credits."));
        var warnings = Server.ReceiptLogs(account).Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(warnings.Select(w => w.Values["Attempt"]), Is.Ordered.Ascending, "attempts are counted");
            Assert.That(warnings.Select(w => (TimeSpan)w.Values["RetryIn"]!), Is.Ordered.Ascending, "the retry delay grows");
            Assert.That(warnings.Select(w => (TimeSpan)w.Values["RetryIn"]!), Has.All.LessThanOrEqualTo(ReceiptSettings.RetryDelayMax));
            Assert.That(warnings.Select(w => w.Message), Has.None.Contain(email), "no address in the logs");
        });
        var sent = Server.ReceiptLogs(account).Single(r => r.Level == LogLevel.Information);
        Assert.That(sent.Values["Attempt"], Is.EqualTo(warnings.Count + 1));
    }

    [Test]
    public async Task A_replayed_purchase_sends_no_second_receipt()
    {
        var account = NewAccount();
        var email = NewEmail();
        var key = NewKey();

        var first = await Server.PurchaseAsync(account, email, credits: 50, bonusCredits: 5, key, sessionId: "cs_test_replay");
        var replay = await Server.PurchaseAsync(account, email, credits: 50, bonusCredits: 5, key, sessionId: "cs_test_replay");
        await Smtp.WaitForMailsToAsync(email, 1, MailTimeout);
        var late = await Server.PurchaseAsync(account, email, credits: 50, bonusCredits: 5, key, sessionId: "cs_test_replay");
        await Task.Delay(QuietPeriod);

        Assert.That((replay.LotId, late.LotId), Is.EqualTo((first.LotId, first.LotId)), "the replays return the original grant");
        Assert.That(late.Balance.Available, Is.EqualTo(55));
        Assert.That(Smtp.MailsTo(email), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_receipt_without_an_email_address_is_dropped_with_a_warning_and_never_retried()
    {
        var account = NewAccount();
        var before = Smtp.Mails().Count;

        var grant = await Server.PurchaseAsync(account, email: null, credits: 20, bonusCredits: 0, NewKey());
        var warned = await Eventually(() => Server.ReceiptLogs(account).Any(r => r.Level == LogLevel.Warning), MailTimeout);
        await Task.Delay(QuietPeriod);

        Assert.That(grant.Balance.Available, Is.EqualTo(20));
        Assert.That(warned, Is.True);
        var warnings = Server.ReceiptLogs(account);
        Assert.That(warnings, Has.Count.EqualTo(1), "dropped once, not retried");
        Assert.That(warnings[0].Message, Does.Contain("no email address"));
        Assert.That((await Server.Outbox.FetchDueAsync("receipt.purchase", 1000)).Select(m => m.AccountId), Does.Not.Contain(account));
        Assert.That(Smtp.Mails(), Has.Count.EqualTo(before), "nothing sent");
    }
}

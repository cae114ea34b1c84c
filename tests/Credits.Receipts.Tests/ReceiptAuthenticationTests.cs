using Credits.Ledger.Data;
using Credits.Receipts.Tests.Support;

namespace Credits.Receipts.Tests;

/// <summary>
/// With <c>Receipts:Smtp:Username</c>/<c>Password</c> the sender logs in before sending; the
/// password never reaches the logs. (SMTP is provider-independent: SQLite only.)
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
public sealed class ReceiptAuthenticationTests(DatabaseProvider provider) : ReceiptFixture(provider)
{
    private const string Password = "s3cret-smtp-password";

    protected override string? SmtpAuth => "receipts:" + Password;

    [Test]
    public async Task A_server_that_requires_a_login_gets_one_and_accepts_the_receipt()
    {
        var account = NewAccount();
        var email = NewEmail();

        await Server.PurchaseAsync(account, email, credits: 10, bonusCredits: 0, NewKey());
        var mails = await Smtp.WaitForMailsToAsync(email, 1, MailTimeout);

        Assert.That(mails, Has.Count.EqualTo(1));
        Assert.That(Server.Logs.Records.Select(r => r.Message), Has.None.Contain(Password));
    }
}

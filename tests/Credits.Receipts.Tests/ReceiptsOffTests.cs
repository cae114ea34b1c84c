using Credits.Ledger.Data;
using Credits.Receipts.Tests.Support;

namespace Credits.Receipts.Tests;

/// <summary>With no <c>Receipts:Smtp:Host</c> the server runs, says so once, and receipts wait in the outbox.</summary>
public sealed class ReceiptsOffTests(DatabaseProvider provider) : ReceiptFixture(provider)
{
    protected override bool ReceiptsOn => false;

    [Test]
    public async Task Receipts_wait_in_the_outbox_and_nothing_is_sent()
    {
        var account = NewAccount();
        var email = NewEmail();

        var grant = await Server.PurchaseAsync(account, email, credits: 10, bonusCredits: 0, NewKey());
        await Task.Delay(QuietPeriod);

        Assert.That(grant.Balance.Available, Is.EqualTo(10));
        Assert.That(Smtp.Mails(), Is.Empty);
        var due = await Server.Outbox.FetchDueAsync("receipt.purchase", 1000);
        Assert.That(due.Select(m => m.AccountId), Does.Contain(account), "still waiting to be sent");
        Assert.That(Server.Logs.Records.Count(r => r.Message.Contains("Receipt emails are off", StringComparison.Ordinal)), Is.EqualTo(1));
    }
}

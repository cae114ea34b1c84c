using Credits.Ledger.Outbox;
using Credits.Ledger.Subscriptions;
using Credits.Server.Receipts;

namespace Credits.Receipts.Tests;

/// <summary>Rendering of the subscription emails: no server, no database.</summary>
public sealed class SubscriptionEmailCompositionTests
{
    [Test]
    public void A_renewal_email_shows_the_rollover_from_the_balance_stored_with_it()
    {
        const string result = """{"lotId":"lot_1","balance":{"accountId":"user:1","available":130,"held":0,"buckets":[{"bucket":4,"available":100,"held":0},{"bucket":5,"available":30,"held":0}],"nextExpiry":null,"owed":0,"frozen":0}}""";
        const string payload = """{"email":"sub@example.test","accountId":"user:1","subscriptionId":"sub_1","tierId":"basic","credits":100,"nextRenewal":"2026-03-01T00:00:00.0000000+00:00"}""";
        var message = new PendingMessage("user:1", "msg_AAAAAAAAAAAAAAAAAAAAAA", SubscriptionEmails.RenewalTopic, payload, result,
            new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), 0);
        var options = new ReceiptOptions
        {
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = 2525 },
            From = new SenderOptions { Address = "receipts@credits.test", Name = "Credits" },
        };

        using var mail = SubscriptionMailComposer.Compose(message, options).Mail!;

        Assert.That(mail.TextBody, Does.Contain("Carried over:      30 unused credits"));
        Assert.That(mail.TextBody, Does.Contain("Next renewal:      2026-03-01 00:00 UTC"));
        Assert.That(mail.TextBody, Does.Contain("Your available balance is now 130 credits."));
        Assert.That(mail.TextBody, Does.Not.Contain("{{"));
        Assert.That(mail.HtmlBody, Does.Not.Contain("{{"));
    }
}

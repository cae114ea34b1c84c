using Credits.Ledger.Notifications;
using Credits.Server.Notifications.Email;
using Credits.Server.Receipts;

namespace Credits.Receipts.Tests;

/// <summary>Rendering of the notification emails: no server, no database.</summary>
public sealed class NotificationEmailCompositionTests
{
    private static readonly DateTimeOffset Decided = new(2026, 2, 1, 9, 30, 0, TimeSpan.Zero);

    private static readonly ReceiptOptions Options = new()
    {
        Smtp = new SmtpOptions { Host = "127.0.0.1", Port = 2525 },
        From = new SenderOptions { Address = "notices@credits.test", Name = "Credits" },
    };

    private static AccountNotification Notification(NotificationKind kind, int percent = 0, long balance = 0) =>
        new("user:1", 7, kind, percent, balance, 10_000, 42, Decided, Read: false);

    [Test]
    public void A_low_balance_email_shows_the_percent_crossed_and_the_balance()
    {
        using var mail = NotificationMailComposer.Compose(Notification(NotificationKind.LowBalance, 10, 950), "user@example.test", Options).Mail!;

        Assert.That(mail.Subject, Is.EqualTo("Your credits are below 10%: 950 left"));
        Assert.That(mail.To.ToString(), Is.EqualTo("user@example.test"));
        Assert.That(mail.TextBody, Does.Contain("Available now:     950 credits"));
        Assert.That(mail.TextBody, Does.Contain("After last top-up: 10,000 credits"));
        Assert.That(mail.HtmlBody, Does.Contain("<strong>950</strong>"));
        Assert.That(mail.TextBody + mail.HtmlBody, Does.Not.Contain("{{"));
        Assert.That(mail.TextBody + mail.HtmlBody, Does.Not.Contain("Suggested pack"), "no pack suggested, no line");
    }

    [Test]
    public void Every_notification_email_names_the_suggested_pack_and_its_link_in_one_line()
    {
        foreach (var kind in new[] { NotificationKind.LowBalance, NotificationKind.Depleted, NotificationKind.CreditsExpiring, NotificationKind.RunOutForecast })
        {
            var note = Notification(kind, 10, 950) with
            {
                SuggestedPackId = "small",
                PurchaseUrl = "https://shop.example/buy?from=mail&pack=small",
                Expiring = kind == NotificationKind.CreditsExpiring ? new ExpiringLot("lot-1", 100, Decided.AddDays(3), 0, 7) : null,
                RunOutAt = kind == NotificationKind.RunOutForecast ? Decided.AddDays(2) : null,
            };
            using var mail = NotificationMailComposer.Compose(note, "user@example.test", Options).Mail!;

            Assert.That(mail.TextBody, Does.Contain("Suggested pack: small, buy it at https://shop.example/buy?from=mail&pack=small"), kind.ToString());
            Assert.That(mail.HtmlBody, Does.Contain("Suggested pack: small, buy it at https://shop.example/buy?from=mail&amp;pack=small"), kind.ToString());
        }
    }

    [Test]
    public void A_depleted_email_says_the_credits_ran_out()
    {
        using var mail = NotificationMailComposer.Compose(Notification(NotificationKind.Depleted), "user@example.test", Options).Mail!;

        Assert.That(mail.Subject, Is.EqualTo("You have run out of credits"));
        Assert.That(mail.TextBody, Does.Contain("Available now:     0 credits"));
        Assert.That(mail.TextBody, Does.Contain("Date:              2026-02-01 09:30 UTC"));
    }

    [Test]
    public void An_expiring_email_shows_the_amount_the_date_and_what_a_rollover_keeps()
    {
        var notification = Notification(NotificationKind.CreditsExpiring, balance: 5_000) with
        {
            Expiring = new ExpiringLot("lot_1", 1_200, new DateTimeOffset(2026, 2, 4, 0, 0, 0, TimeSpan.Zero), 500, 3),
        };

        using var mail = NotificationMailComposer.Compose(notification, "user@example.test", Options).Mail!;

        Assert.That(mail.Subject, Is.EqualTo("1,200 credits expire on 2026-02-04 00:00 UTC"));
        Assert.That(mail.TextBody, Does.Contain("Rolled over:       500 credits"));
        Assert.That(mail.TextBody, Does.Contain("Lost:              700 credits"));
    }

    [Test]
    public void A_run_out_email_says_when_the_credits_run_out()
    {
        var notification = Notification(NotificationKind.RunOutForecast, balance: 600) with
        {
            RunOutAt = new DateTimeOffset(2026, 2, 3, 18, 0, 0, TimeSpan.Zero),
        };

        using var mail = NotificationMailComposer.Compose(notification, "user@example.test", Options).Mail!;

        Assert.That(mail.Subject, Is.EqualTo("Your credits run out around 2026-02-03 18:00 UTC"));
        Assert.That(mail.TextBody, Does.Contain("Available now:     600 credits"));
        Assert.That(mail.HtmlBody, Does.Contain("<strong>2026-02-03 18:00 UTC</strong>"));
        Assert.That(mail.TextBody + mail.HtmlBody, Does.Not.Contain("{{"));
    }

    [Test]
    public void The_same_notification_always_gets_the_same_message_id_and_another_one_a_different_one()
    {
        using var first = NotificationMailComposer.Compose(Notification(NotificationKind.Depleted), "user@example.test", Options).Mail!;
        using var again = NotificationMailComposer.Compose(Notification(NotificationKind.Depleted), "user@example.test", Options).Mail!;
        using var next = NotificationMailComposer.Compose(Notification(NotificationKind.Depleted) with { Sequence = 8 }, "user@example.test", Options).Mail!;

        Assert.That(again.MessageId, Is.EqualTo(first.MessageId));
        Assert.That(next.MessageId, Is.Not.EqualTo(first.MessageId));
        Assert.That(first.MessageId, Does.EndWith("@credits.test").And.Not.Contain(":"));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("not an address")]
    [TestCase("a@b.test\r\nBcc: x@y.test")]
    public void Without_a_valid_address_nothing_is_composed_and_the_reason_is_given(string? address)
    {
        var composed = NotificationMailComposer.Compose(Notification(NotificationKind.Depleted), address, Options);

        Assert.That(composed.Mail, Is.Null);
        Assert.That(composed.Undeliverable, Does.Contain("email address"));
    }
}

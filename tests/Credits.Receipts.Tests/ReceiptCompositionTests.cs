using Credits.Ledger.Outbox;
using Credits.Server.Receipts;

namespace Credits.Receipts.Tests;

/// <summary>Rendering, addresses, retry delays and options: no server, no database.</summary>
public sealed class ReceiptCompositionTests
{
    private const string Result = """{"lotId":"lot_1","balance":{"accountId":"user:1","available":1234,"held":0,"buckets":[],"nextExpiry":null,"owed":0,"frozen":0}}""";

    private static readonly DateTimeOffset PurchasedAt = new(2026, 3, 1, 12, 30, 0, TimeSpan.Zero);

    private static ReceiptOptions Options() => new()
    {
        Smtp = new SmtpOptions { Host = "127.0.0.1", Port = 2525 },
        From = new SenderOptions { Address = "receipts@credits.test", Name = "Credits" },
    };

    private static PendingMessage Message(string payload, string result = Result, string id = "msg_AAAAAAAAAAAAAAAAAAAAAA", int attempts = 0) =>
        new("user:1", id, ReceiptOptions.PurchaseTopic, payload, result, PurchasedAt, attempts);

    private static string Payload(string email = "buyer@example.test", string packName = "Starter pack", long bonus = 10) =>
        $$"""{"email":{{System.Text.Json.JsonSerializer.Serialize(email)}},"accountId":"user:1","packId":"starter","packName":{{System.Text.Json.JsonSerializer.Serialize(packName)}},"credits":1000,"bonusCredits":{{bonus}},"sessionId":"cs_1","amountTotal":123456,"currency":"eur"}""";

    [Test]
    public void A_receipt_says_the_pack_the_credits_the_bonus_the_balance_and_the_session()
    {
        var composed = ReceiptComposer.Compose(Message(Payload()), Options(), ReceiptTemplate.Purchase);

        using var mail = composed.Mail!;
        Assert.That(composed.Undeliverable, Is.Null);
        Assert.That(mail.Subject, Is.EqualTo("Your receipt: Starter pack, 1,010 credits"));
        Assert.That(mail.TextBody, Does.Contain("1,000 credits + 10 bonus credits"));
        Assert.That(mail.TextBody, Does.Contain("Your available balance is now 1,234 credits."));
        Assert.That(mail.TextBody, Does.Contain("1,234.56 EUR"));
        Assert.That(mail.TextBody, Does.Contain("2026-03-01 12:30 UTC"));
        Assert.That(mail.TextBody, Does.Contain("cs_1"));
        Assert.That(mail.TextBody, Does.Not.Contain("{{"), "every placeholder filled");
        Assert.That(mail.HtmlBody, Does.Not.Contain("{{"));
        Assert.That(mail.Date, Is.EqualTo(PurchasedAt));
    }

    [Test]
    public void Without_a_bonus_the_receipt_names_only_the_credits()
    {
        using var mail = ReceiptComposer.Compose(Message(Payload(bonus: 0)), Options(), ReceiptTemplate.Purchase).Mail!;

        Assert.That(mail.TextBody, Does.Contain("Credits:         1,000 credits\n").Or.Contain("Credits:         1,000 credits\r\n"));
        Assert.That(mail.TextBody, Does.Not.Contain("bonus"));
    }

    [Test]
    public void Values_are_HTML_encoded_in_the_HTML_body_and_cannot_break_lines_anywhere()
    {
        var packName = "<img src=x onerror=alert(1)> & \"Pro\"\r\nBcc: victim@example.test";

        using var mail = ReceiptComposer.Compose(Message(Payload(packName: packName)), Options(), ReceiptTemplate.Purchase).Mail!;

        Assert.That(mail.HtmlBody, Does.Contain("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Pro&quot;"));
        Assert.That(mail.HtmlBody, Does.Not.Contain("<img"));
        Assert.That(mail.Subject, Does.Not.Contain("\n").And.Not.Contain("\r"));
        Assert.That(mail.Bcc, Is.Empty);
        Assert.That(mail.Headers.Contains("Bcc"), Is.False);
        Assert.That(mail.TextBody, Does.Contain("& \"Pro\"  Bcc: victim@example.test"), "line breaks in a value become spaces");
    }

    [Test]
    public void The_same_outbox_message_always_gives_the_same_Message_ID()
    {
        using var first = ReceiptComposer.Compose(Message(Payload()), Options(), ReceiptTemplate.Purchase).Mail!;
        using var again = ReceiptComposer.Compose(Message(Payload(), attempts: 3), Options(), ReceiptTemplate.Purchase).Mail!;
        using var other = ReceiptComposer.Compose(Message(Payload(), id: "msg_BBBBBBBBBBBBBBBBBBBBBB"), Options(), ReceiptTemplate.Purchase).Mail!;

        Assert.That(first.MessageId, Is.EqualTo("msg_AAAAAAAAAAAAAAAAAAAAAA@credits.test"));
        Assert.That(again.MessageId, Is.EqualTo(first.MessageId));
        Assert.That(other.MessageId, Is.Not.EqualTo(first.MessageId));
    }

    [TestCase("{}", "no email address")]
    [TestCase("""{"email":""}""", "no email address")]
    [TestCase("""{"email":"not an address"}""", "not valid")]
    [TestCase("""{"email":"Eve <eve@example.test>"}""", "not valid")]
    [TestCase("""{"email":"a@example.test, b@example.test"}""", "not valid")]
    [TestCase("""{"email":"a@example.test\r\nBcc: b@example.test"}""", "not valid")]
    [TestCase("[1,2]", "not a purchase receipt")]
    [TestCase("not json", "not a purchase receipt")]
    [TestCase("""{"email":"a@example.test","credits":"lots"}""", "not a purchase receipt")]
    public void A_payload_that_can_never_be_sent_says_why(string payload, string reason)
    {
        var composed = ReceiptComposer.Compose(Message(payload), Options(), ReceiptTemplate.Purchase);

        Assert.That(composed.Mail, Is.Null);
        Assert.That(composed.Undeliverable, Does.Contain(reason));
    }

    [Test]
    public void A_result_without_a_balance_cannot_be_sent()
    {
        var composed = ReceiptComposer.Compose(Message(Payload(), result: """{"lotId":"lot_1"}"""), Options(), ReceiptTemplate.Purchase);

        Assert.That(composed.Undeliverable, Does.Contain("no balance"));
    }

    [TestCase(999L, "usd", "9.99 USD")]
    [TestCase(500L, "jpy", "500 JPY")]
    [TestCase(1500L, "kwd", "1.500 KWD")]
    [TestCase(123456789L, "EUR", "1,234,567.89 EUR")]
    [TestCase(null, "usd", "n/a")]
    public void Amounts_are_shown_in_the_currency_s_major_unit(long? minor, string currency, string shown) =>
        Assert.That(ReceiptValues.Money(minor, currency), Is.EqualTo(shown));

    [Test]
    public void The_retry_delay_doubles_with_each_failure_up_to_the_cap()
    {
        var options = new ReceiptOptions { RetryDelay = TimeSpan.FromMinutes(1), RetryDelayMax = TimeSpan.FromHours(1) };

        var delays = new[] { 1, 2, 3, 4, 6, 7, 50, int.MaxValue }.Select(attempt => ReceiptOutboxService.RetryDelay(attempt, options));

        Assert.That(delays.Select(d => d.TotalMinutes), Is.EqualTo(new double[] { 1, 2, 4, 8, 32, 60, 60, 60 }));
    }

    [Test]
    public void Options_need_nothing_while_receipts_are_off_and_a_sender_when_they_are_on()
    {
        var validator = new ReceiptOptionsValidator();

        var off = validator.Validate(null, new ReceiptOptions());
        var noSender = validator.Validate(null, new ReceiptOptions { Smtp = new SmtpOptions { Host = "smtp.example.test" } });
        var halfLoginOptions = Options();
        halfLoginOptions.Smtp.Username = "user";
        var halfLogin = validator.Validate(null, halfLoginOptions);
        var on = validator.Validate(null, Options());

        Assert.That(off.Succeeded, Is.True);
        Assert.That(noSender.Failed, Is.True);
        Assert.That(noSender.FailureMessage, Does.Contain("Receipts:From:Address"));
        Assert.That(halfLogin.FailureMessage, Does.Contain("Username and Receipts:Smtp:Password"));
        Assert.That(on.Succeeded, Is.True);
    }
}

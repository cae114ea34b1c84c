using Credits.Server.Receipts;

namespace Credits.Receipts.Tests;

/// <summary>Issue 16, locale: which language a mail is in, and its German formats (no ICU: the server runs invariant).</summary>
public sealed class MailLocaleTests
{
    [TestCase("de", "de")]
    [TestCase("de-DE", "de")]
    [TestCase("de-AT", "de")]
    [TestCase("DE-ch", "de")]
    [TestCase("en-GB", "en")]
    [TestCase("fr", "en")]
    [TestCase("fr-FR", "en")]
    [TestCase("", "en")]
    [TestCase(null, "en")]
    [TestCase("not a tag", "en")]
    public void A_tag_falls_back_from_itself_to_its_language_to_English(string? tag, string language) =>
        Assert.That(MailLocale.For(tag).Language, Is.EqualTo(language));

    [Test]
    public void German_formats_money_numbers_and_dates_the_German_way()
    {
        var german = MailLocale.German;

        Assert.That(german.Money(1_234.50m, 2, "eur"), Is.EqualTo("1.234,50 €"));
        Assert.That(german.Money(9.99m, 2, "usd"), Is.EqualTo("9,99 USD"));
        Assert.That(german.Number(12_345), Is.EqualTo("12.345"));
        Assert.That(german.Minute(new DateTimeOffset(2026, 12, 5, 10, 30, 0, TimeSpan.Zero)), Is.EqualTo("5. Dezember 2026, 10:30 UTC"));
    }

    [Test]
    public void English_keeps_the_formats_its_mails_always_had()
    {
        var english = MailLocale.English;

        Assert.That(english.Money(1_234.50m, 2, "eur"), Is.EqualTo("1,234.50 EUR"));
        Assert.That(english.Number(12_345), Is.EqualTo("12,345"));
        Assert.That(english.Minute(new DateTimeOffset(2026, 12, 5, 10, 30, 0, TimeSpan.Zero)), Is.EqualTo("2026-12-05 10:30 UTC"));
    }
}

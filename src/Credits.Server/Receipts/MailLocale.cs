using System.Collections.Frozen;
using System.Globalization;
using Credits.Ledger.Validation;

namespace Credits.Server.Receipts;

/// <summary>
/// The one place that decides an e-mail's language and formats from a locale tag: the exact tag,
/// else its language ("de-AT" is German), else English. The server runs with invariant globalization
/// (Directory.Build.props: no ICU to load at startup), so <see cref="CultureInfo"/> knows no German:
/// the formats are this explicit table instead (separators, month names, the date pattern).
/// English keeps the formats its mails always had ("12,345", "9.99 USD", "2026-12-05 10:30 UTC").
/// To add a language: a row in <see cref="ByTag"/>, and a <c>NAME_LANG.*</c> copy of each translated template.
/// </summary>
internal sealed class MailLocale
{
    private readonly char _thousands;
    private readonly char _decimal;
    private readonly string[]? _months;

    private MailLocale(string language, char thousands, char @decimal, string[]? months)
    {
        Language = language;
        _thousands = thousands;
        _decimal = @decimal;
        _months = months;
    }

    /// <summary>English, the fallback: templates <c>NAME.*</c>.</summary>
    public static MailLocale English { get; } = new("en", ',', '.', null);

    /// <summary>German: templates <c>NAME_de.*</c>, "1.234,50 €", "5. Dezember 2026, 10:30 UTC".</summary>
    public static MailLocale German { get; } = new("de", '.', ',',
        ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]);

    // Tags in lower case; a regional variant with its own formats would be a row such as "de-ch".
    private static readonly FrozenDictionary<string, MailLocale> ByTag = new Dictionary<string, MailLocale>(StringComparer.Ordinal)
    {
        ["en"] = English,
        ["de"] = German,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every language with templates, English first.</summary>
    public static IReadOnlyList<MailLocale> All { get; } = [English, German];

    /// <summary>The language part of the templates' names ("de"); "en" for the unsuffixed English ones.</summary>
    public string Language { get; }

    /// <summary>The locale for <paramref name="tag"/>: the exact tag, else its language, else English (also for none or a malformed tag).</summary>
    public static MailLocale For(string? tag)
    {
        if (string.IsNullOrEmpty(tag) || !LanguageTags.IsWellFormed(tag))
        {
            return English;
        }
        return ByTag.GetValueOrDefault(tag.ToLowerInvariant()) ?? ByTag.GetValueOrDefault(LanguageTags.Language(tag)) ?? English;
    }

    /// <summary>A whole number with thousands separators: "12,345" or "12.345".</summary>
    public string Number(long value) => Localized(value.ToString("N0", CultureInfo.InvariantCulture));

    /// <summary>
    /// An amount with <paramref name="decimals"/> minor digits and its ISO code: "9.99 USD" in English;
    /// in German the separators swap and the euro is its sign ("1.234,50 €", "9,99 USD").
    /// </summary>
    public string Money(decimal value, int decimals, string currency)
    {
        var number = Localized(value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        var code = currency.Trim().ToUpperInvariant();
        return _months is not null && code == "EUR" ? number + " €" : number + " " + code;
    }

    /// <summary>A moment to the minute, in UTC: "2026-12-05 10:30 UTC" or "5. Dezember 2026, 10:30 UTC".</summary>
    public string Minute(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return _months is null
            ? utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{utc.Day}. {_months[utc.Month - 1]} {utc.Year}, {utc:HH:mm} UTC");
    }

    // The invariant form uses ',' for thousands and '.' for decimals: swap them for the locale's.
    private string Localized(string invariant) =>
        _thousands == ',' && _decimal == '.'
            ? invariant
            : string.Create(invariant.Length, (invariant, _thousands, _decimal), static (span, state) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    var c = state.invariant[i];
                    span[i] = c == ',' ? state._thousands : c == '.' ? state._decimal : c;
                }
            });
}

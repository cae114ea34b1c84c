using System.Collections.Frozen;

namespace Credits.Server.Receipts;

/// <summary>
/// One mail's templates in every language of <see cref="MailLocale.All"/>: English from <c>NAME.*</c>,
/// the others from <c>NAME_LANG.*</c> (not NAME.LANG.*: MSBuild would take that for a satellite resource). A language's files missing is an error when loaded, not an English mail sent by surprise.
/// </summary>
internal sealed class MailTemplates
{
    private readonly FrozenDictionary<string, ReceiptTemplate> _byLanguage;

    private MailTemplates(FrozenDictionary<string, ReceiptTemplate> byLanguage) => _byLanguage = byLanguage;

    /// <summary>Loads <paramref name="name"/> in every language, checking each uses only <paramref name="names"/>.</summary>
    public static MailTemplates Load(string name, IReadOnlySet<string> names) =>
        new(MailLocale.All.ToFrozenDictionary(
            locale => locale.Language,
            locale => ReceiptTemplate.Load(locale == MailLocale.English ? name : $"{name}_{locale.Language}", names),
            StringComparer.Ordinal));

    /// <summary>The template in <paramref name="locale"/>'s language.</summary>
    public ReceiptTemplate For(MailLocale locale) => _byLanguage[locale.Language];
}

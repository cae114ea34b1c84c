using Credits.Ledger.Validation;

namespace Credits.Server.Stripe;

/// <summary>
/// The languages Stripe Checkout shows its page in (the <c>locale</c> enum of its Create Checkout
/// Session API), and how a caller's tag maps onto them: Stripe refuses any other value, so a tag it
/// lacks must never reach it.
/// </summary>
internal static class StripeLocales
{
    private static readonly string[] Supported =
    [
        "bg", "cs", "da", "de", "el", "en", "en-GB", "es", "es-419", "et", "fi", "fil", "fr", "fr-CA", "hr", "hu", "id", "it",
        "ja", "ko", "lt", "lv", "ms", "mt", "nb", "nl", "pl", "pt", "pt-BR", "ro", "ru", "sk", "sl", "sv", "th", "tr", "vi",
        "zh", "zh-HK", "zh-TW",
    ];

    private static readonly Dictionary<string, string> ByTag = Supported.ToDictionary(tag => tag, StringComparer.OrdinalIgnoreCase);

    /// <summary>Stripe's own value, for a language Stripe lacks and for no tag at all.</summary>
    public const string Auto = "auto";

    /// <summary>
    /// Stripe's spelling of <paramref name="tag"/> (a well-formed tag, or empty): the tag itself
    /// when Stripe has it, else its language ("de-AT" is "de"), else <see cref="Auto"/>.
    /// </summary>
    public static string For(string tag)
    {
        if (tag.Length == 0)
        {
            return Auto;
        }
        if (ByTag.TryGetValue(tag, out var exact))
        {
            return exact;
        }
        return ByTag.TryGetValue(LanguageTags.Language(tag), out var language) ? language : Auto;
    }
}

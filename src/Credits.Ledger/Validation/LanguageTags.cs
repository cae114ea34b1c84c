namespace Credits.Ledger.Validation;

/// <summary>
/// BCP 47 language tags as callers send them ("de", "en-GB", "zh-Hant-TW"): only their shape is
/// checked here (parts of 1 to 8 letters or digits joined by hyphens, a first part of 2 to 8 letters),
/// since which languages a page or a mail has is the renderer's question, with a fallback.
/// </summary>
public static class LanguageTags
{
    /// <summary>RFC 5646's longest tag worth keeping (a language, script, region and a variant).</summary>
    public const int LengthMax = 35;

    /// <summary>Whether <paramref name="tag"/> has the shape of a language tag.</summary>
    public static bool IsWellFormed(string tag)
    {
        if (string.IsNullOrEmpty(tag) || tag.Length > LengthMax)
        {
            return false;
        }
        var parts = tag.Split('-');
        if (parts[0].Length is < 2 or > 8 || !parts[0].All(char.IsAsciiLetter))
        {
            return false;
        }
        return parts.Skip(1).All(part => part.Length is >= 1 and <= 8 && part.All(char.IsAsciiLetterOrDigit));
    }

    /// <summary>The sentence an error names the rule with.</summary>
    public static string Rule(string field) =>
        $"{field} must be a BCP 47 language tag such as \"de\" or \"en-GB\": letters, digits and hyphens, at most {LengthMax} characters.";

    /// <summary>The language part in lower case ("de" of "de-AT").</summary>
    public static string Language(string tag) => tag.Split('-')[0].ToLowerInvariant();
}

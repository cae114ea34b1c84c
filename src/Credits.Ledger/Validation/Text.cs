namespace Credits.Ledger.Validation;

/// <summary>Character-class checks shared by the validators.</summary>
internal static class Text
{
    public static bool IsPrintableAscii(string value)
    {
        foreach (var c in value)
        {
            if (c < 0x20 || c > 0x7E)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Opaque ids (holds, lots): letters, digits, '_' and '-'.</summary>
    public static bool IsOpaqueId(string value)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The index of the first character free text may not hold, or -1. Refused: C0 controls, DEL and
    /// C1 controls (PostgreSQL cannot store NUL, and the others corrupt logs, CSV and terminals),
    /// bidirectional formatting characters (they make a reference or a name display as something
    /// else: "Trojan Source"), and unpaired surrogates (not text: UTF-8 cannot encode them).
    /// </summary>
    public static int IndexOfForbidden(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || char.IsSurrogate(c) || IsBidiControl(c))
            {
                return i;
            }
        }
        return -1;
    }

    private static bool IsBidiControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
}

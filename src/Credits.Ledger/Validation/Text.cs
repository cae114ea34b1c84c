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
}

using System.Security.Cryptography;
using System.Text;

namespace Credits.Ledger.GiftCodes;

/// <summary>
/// The text of a gift code: 16 random Crockford base32 characters (80 bits from
/// <see cref="RandomNumberGenerator"/>) and one check character (Luhn mod 32), grouped by dashes
/// as <c>XXXX-XXXX-XXXX-XXXX-C</c>. Reading is case-insensitive, ignores dashes and spaces and
/// takes Crockford's look-alikes (O as 0, I and L as 1), so what a person types is what was printed.
/// The check character catches every single mistyped character and most swapped neighbours before
/// any lookup. Only the SHA-256 of the canonical text is stored (<see cref="Hash"/>).
/// </summary>
public static class GiftCodeText
{
    /// <summary>Crockford's base32 alphabet: digits and letters without I, L, O and U.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Random characters in a code: 16 × 5 = 80 bits.</summary>
    public const int RandomLength = 16;

    /// <summary>Characters of the canonical form: the random ones and the check character.</summary>
    public const int CanonicalLength = RandomLength + 1;

    /// <summary>Characters of a code's last random group, kept in clear so lists can show which code is which.</summary>
    public const int DisplaySuffixLength = 4;

    private const int GroupLength = 4;

    /// <summary>A new code, canonical (17 characters, no dashes).</summary>
    public static string NewCanonical()
    {
        Span<byte> picks = stackalloc byte[RandomLength];
        RandomNumberGenerator.Fill(picks);
        var text = new StringBuilder(CanonicalLength);
        foreach (var pick in picks)
        {
            // 256 is a multiple of 32, so the low five bits of a uniform byte are uniform.
            text.Append(Alphabet[pick & 31]);
        }
        text.Append(CheckCharacter(text.ToString()));
        return text.ToString();
    }

    /// <summary>The canonical code grouped for people: <c>XXXX-XXXX-XXXX-XXXX-C</c>.</summary>
    public static string Format(string canonical)
    {
        var groups = new List<string>();
        for (var start = 0; start < RandomLength; start += GroupLength)
        {
            groups.Add(canonical.Substring(start, GroupLength));
        }
        groups.Add(canonical[RandomLength..]);
        return string.Join('-', groups);
    }

    /// <summary>
    /// The canonical form of what a person typed, or null when it is not a well-formed code: a
    /// character outside the alphabet, the wrong length, or a check character that does not match.
    /// </summary>
    public static string? TryCanonical(string? typed)
    {
        var canonical = Normalize(typed, CanonicalLength);
        return canonical is not null && CheckCharacter(canonical[..RandomLength]) == canonical[RandomLength] ? canonical : null;
    }

    /// <summary>
    /// What a person typed as <paramref name="length"/> characters of <see cref="Alphabet"/>, or null:
    /// dashes and spaces dropped, any case, and O, I and L read as 0, 1 and 1 (the alphabet has none
    /// of them, so a misread never fails). Gift and referral codes share it.
    /// </summary>
    public static string? Normalize(string? typed, int length)
    {
        if (typed is null || typed.Length > 64)
        {
            return null;
        }
        var text = new StringBuilder(length);
        foreach (var raw in typed)
        {
            if (raw is '-' or ' ')
            {
                continue;
            }
            var character = char.ToUpperInvariant(raw) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            if (Alphabet.IndexOf(character) < 0 || text.Length == length)
            {
                return null;
            }
            text.Append(character);
        }
        return text.Length == length ? text.ToString() : null;
    }

    /// <summary>The stored key of a code: SHA-256 of its canonical text, lowercase hex (64 characters).</summary>
    public static string Hash(string canonical) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(canonical)));

    /// <summary>The last random group, shown by lists (<c>…-WXYZ-C</c> reads as <c>WXYZ</c>).</summary>
    public static string DisplaySuffix(string canonical) => canonical.Substring(RandomLength - DisplaySuffixLength, DisplaySuffixLength);

    // Luhn mod N over the alphabet: doubling every second character from the right catches any one
    // wrong character and any swap of two neighbours except one pair of values, without a 33rd symbol.
    private static char CheckCharacter(string random)
    {
        const int n = 32;
        var sum = 0;
        var factor = 2;
        for (var i = random.Length - 1; i >= 0; i--)
        {
            var addend = factor * Alphabet.IndexOf(random[i]);
            factor = factor == 2 ? 1 : 2;
            sum += addend / n + addend % n;
        }
        return Alphabet[(n - sum % n) % n];
    }
}

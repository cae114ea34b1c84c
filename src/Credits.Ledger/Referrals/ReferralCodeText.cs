using System.Security.Cryptography;
using System.Text;
using Credits.Ledger.GiftCodes;

namespace Credits.Ledger.Referrals;

/// <summary>
/// Referral codes: 12 random characters of the gift codes' alphabet (Crockford base32, 60 bits),
/// shown as <c>XXXX-XXXX-XXXX</c>. With a million codes issued, a guess hits one with odds of about
/// one in 10^12, so codes cannot be enumerated; typed codes forgive case, dashes, spaces and the
/// look-alikes O/I/L.
/// </summary>
public static class ReferralCodeText
{
    /// <summary>Characters in a canonical code.</summary>
    public const int CanonicalLength = 12;

    /// <summary>A new canonical code (12 characters, no dashes).</summary>
    public static string NewCanonical()
    {
        Span<byte> picks = stackalloc byte[CanonicalLength];
        RandomNumberGenerator.Fill(picks);
        var text = new StringBuilder(CanonicalLength);
        foreach (var pick in picks)
        {
            // 256 is a multiple of 32, so the low five bits of a uniform byte are uniform.
            text.Append(GiftCodeText.Alphabet[pick & 31]);
        }
        return text.ToString();
    }

    /// <summary>The canonical code grouped for people: <c>XXXX-XXXX-XXXX</c>.</summary>
    public static string Format(string canonical) =>
        $"{canonical[..4]}-{canonical[4..8]}-{canonical[8..]}";

    /// <summary>The canonical form of a typed code, or null when it cannot be one.</summary>
    public static string? TryCanonical(string? typed) => GiftCodeText.Normalize(typed, CanonicalLength);
}

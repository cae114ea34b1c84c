using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Credits.Ledger.Idempotency;

/// <summary>
/// A digest of everything a request asks for, so that a retry can be told from a different request
/// reusing the key. Each keyed rule names its fields; this digests them the same way for all.
/// </summary>
internal static class RequestFingerprint
{
    /// <summary>A number as the fingerprint writes it; "-" for none.</summary>
    public static string N(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    public static string Digest(params string[] fields)
    {
        // Length-prefixing each field keeps "a|b" + "c" distinct from "a" + "b|c".
        var builder = new StringBuilder();
        foreach (var field in fields)
        {
            builder.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field);
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Credits.AspNetCore.Charging;

/// <summary>
/// The one place that turns a caller's idempotency key into the ledger's. The caller's key is scoped to the
/// account and the operation (hashed, so any caller key fits the ledger's 128 characters and one user's key can
/// never collide with another's); a request without one gets a fresh key, so it is never confused with another.
/// </summary>
internal static class IdempotencyKeys
{
    /// <summary>The HTTP header (and, lower-cased, the gRPC metadata key) a caller retries with.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>The longest caller key accepted, as the ledger's own limit.</summary>
    public const int MaxLength = 128;

    /// <summary>Whether <paramref name="key"/> is 1 to <see cref="MaxLength"/> printable ASCII characters.</summary>
    public static bool IsValid(string key)
    {
        if (key.Length is 0 or > MaxLength)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The ledger key of a caller's key for <paramref name="operation"/> on <paramref name="account"/>.</summary>
    public static string ForCaller(string scheme, string account, string operation, string callerKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{account}\n{operation}\n{callerKey}"));
        return $"{scheme}:{Base64Url.EncodeToString(hash)}";
    }

    /// <summary>A ledger key used once, for a request whose caller gave none.</summary>
    public static string Fresh(string scheme) => $"{scheme}:{Guid.NewGuid():N}";
}

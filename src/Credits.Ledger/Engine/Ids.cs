using System.Buffers.Text;
using System.Security.Cryptography;

namespace Credits.Ledger.Engine;

/// <summary>Opaque ids: a prefix and 128 random bits in base64url (22 characters).</summary>
internal static class Ids
{
    public static string NewLotId() => New("lot_");

    public static string NewHoldId() => New("hold_");

    private static string New(string prefix)
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return prefix + Base64Url.EncodeToString(bytes);
    }
}

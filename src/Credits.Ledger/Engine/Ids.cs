using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Credits.Ledger.Engine;

/// <summary>
/// Opaque ids: a prefix and 128 random bits in base64url (22 characters). A hold id also carries
/// its account's partition (8 hex digits) so that a Commit or Release, which names only the hold,
/// is routed to the same group-commit lane as the account's reserves without a lookup.
/// </summary>
internal static class Ids
{
    private const string HoldPrefix = "hold_";
    private const int PartitionHexLength = 8;

    public static string NewLotId() => "lot_" + RandomPart();

    public static string NewMessageId() => "msg_" + RandomPart();

    public static string NewHoldId(string accountId) =>
        HoldPrefix + Partition(accountId).ToString("x8", CultureInfo.InvariantCulture) + RandomPart();

    /// <summary>A gift code's id; it carries its issuer's partition, as a hold id does, so RevokeGiftCode by id finds the issuer's lane.</summary>
    public static string NewGiftCodeId(string issuerAccountId) =>
        "gift_" + Partition(issuerAccountId).ToString("x8", CultureInfo.InvariantCulture) + RandomPart();

    /// <summary>A stable hash of an account id (FNV-1a), the same in every process.</summary>
    public static uint Partition(string accountId)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(accountId))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return hash;
    }

    /// <summary>The partition a hold id carries, or a hash of the id itself for ids minted otherwise.</summary>
    public static uint PartitionOfHold(string holdId) =>
        holdId.Length >= HoldPrefix.Length + PartitionHexLength
        && holdId.StartsWith(HoldPrefix, StringComparison.Ordinal)
        && uint.TryParse(holdId.AsSpan(HoldPrefix.Length, PartitionHexLength), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var partition)
            ? partition
            : Partition(holdId);

    private static string RandomPart()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}

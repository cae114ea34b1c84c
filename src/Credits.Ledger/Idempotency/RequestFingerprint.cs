using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Engine;

namespace Credits.Ledger.Idempotency;

/// <summary>
/// A digest of everything a request asks for, so that a retry can be told from a different request
/// reusing the key. A priced reserve is fingerprinted by feature and quantity, not by the price,
/// so a retry after a price change still returns the first response.
/// </summary>
internal static class RequestFingerprint
{
    public static string Of(LedgerCommand command) => command switch
    {
        GrantCommand grant => Digest([
            "grant", grant.AccountId, N(grant.Amount), N((int)grant.Bucket), N(Clock.ToMs(grant.ExpiresAt)), N(grant.Priority),
            grant.Reference, StoredJson.WriteMetadata(grant.Metadata),
            // Only grants with rollover terms carry the extra field: every other grant keeps the
            // fingerprint stored before subscriptions existed, so its retries still match.
            .. grant.Rollover is { } rollover ? [$"{N(rollover.Cap)}/{N(Clock.ToMs(rollover.ExpiresAt))}"] : Array.Empty<string>()]),
        ReserveCommand reserve => Digest("reserve", reserve.AccountId, N(reserve.Amount), reserve.Feature ?? "",
            N(reserve.Quantity), N(reserve.Ttl is { } ttl ? (long)ttl.TotalMilliseconds : null), StoredJson.WriteMetadata(reserve.Metadata)),
        ClaimLeadCommand claim => Digest("claim-lead", claim.LeadAccountId, claim.UserAccountId),
        ClawbackCommand clawback => Digest("clawback", clawback.AccountId, N(clawback.Amount), clawback.LotId ?? "", clawback.Reference,
            StoredJson.WriteMetadata(clawback.Metadata)),
        NoteCommand note => Digest("note", note.AccountId, note.Reference, StoredJson.WriteMetadata(note.Metadata)),
        ReverseClawbackCommand reverse => Digest("reverse-clawback", reverse.AccountId, reverse.Reference),
        FreezeCommand freeze => Digest("freeze", freeze.AccountId, freeze.LotId, freeze.Reference),
        UnfreezeCommand unfreeze => Digest("unfreeze", unfreeze.AccountId, unfreeze.Reference),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Command has no idempotency key."),
    };

    private static string N(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string Digest(params string[] fields)
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

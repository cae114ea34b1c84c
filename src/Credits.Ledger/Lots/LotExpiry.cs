using Credits.Ledger.Errors;

namespace Credits.Ledger.Lots;

/// <summary>The one rule on a new lot's expiry, for every command that creates lots from a caller's date.</summary>
internal static class LotExpiry
{
    /// <summary>The error when <paramref name="expiresAt"/> is not after <paramref name="now"/> (a lot born expired); null otherwise or when it never expires.</summary>
    public static LedgerError? Refuse(DateTimeOffset? expiresAt, DateTimeOffset now, string field = "expires_at") =>
        expiresAt is { } at && at <= now ? LedgerErrors.Invalid(field, $"{field} must be in the future.") : null;
}

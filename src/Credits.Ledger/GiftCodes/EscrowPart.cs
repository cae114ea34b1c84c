namespace Credits.Ledger.GiftCodes;

/// <summary>
/// Credits of one issuer lot held in a gift code's escrow, with that lot's expiry, so the
/// redeemer's gift lot can keep it (as Transfer does).
/// </summary>
/// <param name="LotId">The issuer's lot the credits came from.</param>
/// <param name="Amount">Credits taken from it.</param>
/// <param name="ExpiresAtMs">The source lot's expiry (Unix ms), or null when it never expires.</param>
public sealed record EscrowPart(string LotId, long Amount, long? ExpiresAtMs);

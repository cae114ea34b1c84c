namespace Credits.Ledger.GiftCodes;

/// <summary>Where a gift code's escrowed credits are. Values are stored; never renumber them.</summary>
public enum GiftCodeState
{
    /// <summary>Unredeemed: the credits are in escrow.</summary>
    Active = 1,
    /// <summary>Redeemed: the credits went to the redeemer.</summary>
    Redeemed = 2,
    /// <summary>Revoked by the issuer or an admin: the credits went back to the issuer.</summary>
    Revoked = 3,
    /// <summary>Expired unredeemed: the sweeper gave the credits back to the issuer.</summary>
    Expired = 4,
}

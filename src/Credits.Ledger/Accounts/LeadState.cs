namespace Credits.Ledger.Accounts;

/// <summary>Where a lead account is with its one-time allowance. Values are stored.</summary>
internal enum LeadState
{
    /// <summary>Not a lead, or a lead never used.</summary>
    None = 0,
    /// <summary>The lead's free allowance was granted.</summary>
    Granted = 1,
    /// <summary>The lead was claimed by a user; it never gets free credits again.</summary>
    Claimed = 2,
}

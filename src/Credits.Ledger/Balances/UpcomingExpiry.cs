namespace Credits.Ledger.Balances;

/// <summary>Available credits that expire at the soonest expiry of the account.</summary>
public sealed record UpcomingExpiry(long Amount, DateTimeOffset ExpiresAt);

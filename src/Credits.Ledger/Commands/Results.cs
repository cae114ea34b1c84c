using Credits.Ledger.Balances;

namespace Credits.Ledger.Commands;

/// <summary>The lot a grant created and the balance after it.</summary>
public sealed record GrantResult(string LotId, BalanceView Balance);

/// <summary>The hold a reserve created and the balance after it.</summary>
public sealed record ReserveResult(string HoldId, long Amount, DateTimeOffset ExpiresAt, BalanceView Balance);

/// <summary>What a commit debited and returned, and the balance now.</summary>
public sealed record CommitResult(long Committed, long Released, BalanceView Balance);

/// <summary>What a release returned, and the balance now.</summary>
public sealed record ReleaseResult(long Released, BalanceView Balance);

/// <summary>What a lead claim moved, and the user's balance after it.</summary>
public sealed record ClaimLeadResult(long Moved, BalanceView Balance);

/// <summary>How many journal entries a sweep wrote.</summary>
internal sealed record SweepResult(int Entries);

using Credits.Ledger.Balances;

namespace Credits.Ledger.Commands;

/// <summary>The lot a grant created and the balance after it.</summary>
public sealed record GrantResult(string LotId, BalanceView Balance) : IAppliedOnce
{
    /// <summary>
    /// True when a grant for the same payment reference (<see cref="GrantCommand.PaymentReference"/>)
    /// was applied before, whatever became of its idempotency key; LotId is then that grant's lot.
    /// </summary>
    public bool AlreadyApplied { get; init; }
}

/// <summary>The hold a reserve created and the balance after it.</summary>
public sealed record ReserveResult(string HoldId, long Amount, DateTimeOffset ExpiresAt, BalanceView Balance);

/// <summary>What a commit debited and returned, and the balance now.</summary>
public sealed record CommitResult(long Committed, long Released, BalanceView Balance);

/// <summary>What an adjustment changed (signed), the lot it created (empty for a removal), and the balance after it.</summary>
public sealed record AdjustResult(long Adjusted, string LotId, BalanceView Balance);

/// <summary>When an extended hold expires now, and the balance.</summary>
public sealed record ExtendHoldResult(DateTimeOffset ExpiresAt, BalanceView Balance);

/// <summary>What a release returned, and the balance now.</summary>
public sealed record ReleaseResult(long Released, BalanceView Balance);

/// <summary>What a lead claim moved, and the user's balance after it.</summary>
public sealed record ClaimLeadResult(long Moved, BalanceView Balance);

/// <summary>What a transfer moved, and both accounts' balances after it.</summary>
public sealed record TransferResult(long Moved, BalanceView FromBalance, BalanceView ToBalance);

/// <summary>How many journal entries a sweep wrote for its account (expiries, and the rollovers they caused).</summary>
internal sealed record SweepResult(int Entries);

/// <summary>What a claw-back took now and what it left owed, and the balance after it.</summary>
public sealed record ClawbackResult(long Taken, long Owed, BalanceView Balance) : IAppliedOnce
{
    /// <summary>
    /// True when a claw-back with this reference was applied before (claw-backs apply once per
    /// reference, beyond the idempotency key's retention); Taken and Owed are then its first figures.
    /// </summary>
    public bool AlreadyApplied { get; init; }
}

/// <summary>What a reversal returned (to lots and as a refund lot) and the debt it cancelled.</summary>
public sealed record ReverseClawbackResult(long Returned, long DebtCancelled, BalanceView Balance);

/// <summary>How many credits a freeze pinned, and the balance after it.</summary>
public sealed record FreezeResult(long Frozen, BalanceView Balance);

/// <summary>How many frozen credits became available again, and the balance after it.</summary>
public sealed record UnfreezeResult(long Unfrozen, BalanceView Balance);

/// <summary>The journal sequence a note took, and the balance (unchanged).</summary>
public sealed record NoteResult(long Sequence, BalanceView Balance);

/// <summary>What a refund gave back, and the balance after it.</summary>
public sealed record RefundChargeResult(long Refunded, BalanceView Balance);

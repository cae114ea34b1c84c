using Credits.Ledger.Lots;

namespace Credits.Ledger.Commands;

/// <summary>Adds a lot of credits to an account.</summary>
public sealed record GrantCommand(
    string Actor,
    string AccountId,
    long Amount,
    Bucket Bucket,
    DateTimeOffset? ExpiresAt,
    int? Priority,
    string Reference,
    string IdempotencyKey,
    IReadOnlyDictionary<string, string> Metadata) : LedgerCommand<GrantResult>(Actor), IAccountCommand
{
    /// <summary>
    /// What of the lot rolls over when it expires (subscription allowances); null: nothing does.
    /// Needs <see cref="ExpiresAt"/>.
    /// </summary>
    public RolloverTerms? Rollover { get; init; }

    /// <summary>
    /// The payment this grant is for (a checkout session's purchase, an invoice's allowance): when
    /// set, the account gets at most one grant for it, ever, whatever became of the idempotency key
    /// (table <c>payment_grants</c>); met again, the grant reports the first lot as already applied.
    /// </summary>
    public string? PaymentReference { get; init; }
}

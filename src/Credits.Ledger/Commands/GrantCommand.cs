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

    /// <summary>
    /// The features the lot pays for (at most <see cref="Validation.Limits.LotFeaturesMax"/>, each a
    /// feature name as Reserve takes it); empty: an unscoped lot. A scoped lot pays only a Reserve
    /// by one of these features, before the unscoped lots; a Reserve by amount never touches it.
    /// </summary>
    public IReadOnlyList<string> Features { get; init; } = [];
}

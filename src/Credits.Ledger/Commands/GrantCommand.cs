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
}

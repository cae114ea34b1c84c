namespace Credits.Ledger.Commands;

/// <summary>Debits all (<see cref="Amount"/> null) or part of a hold; the rest goes back.</summary>
public sealed record CommitCommand(
    string Actor,
    string HoldId,
    long? Amount,
    IReadOnlyDictionary<string, string> Metadata) : LedgerCommand<CommitResult>(Actor);

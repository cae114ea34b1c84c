namespace Credits.Ledger.Commands;

/// <summary>
/// Takes back <see cref="Amount"/> credits: first from <see cref="LotId"/> (the purchase's lot), then
/// from the account's other available credits in burn-down order; the rest is owed. Applied once
/// per <see cref="Reference"/>.
/// </summary>
public sealed record ClawbackCommand(
    string Actor,
    string AccountId,
    long Amount,
    string? LotId,
    string Reference,
    string IdempotencyKey,
    IReadOnlyDictionary<string, string> Metadata) : LedgerCommand<ClawbackResult>(Actor), IAccountCommand;

namespace Credits.Ledger.Commands;

/// <summary>Gives a hold's credits back.</summary>
public sealed record ReleaseCommand(string Actor, string HoldId) : LedgerCommand<ReleaseResult>(Actor);

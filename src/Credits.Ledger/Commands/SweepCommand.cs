using Credits.Ledger.Journal;

namespace Credits.Ledger.Commands;

/// <summary>Writes the expiries that are due on one account; it has no other effect.</summary>
internal sealed record SweepCommand(string AccountId) : LedgerCommand<SweepResult>(Actors.System);

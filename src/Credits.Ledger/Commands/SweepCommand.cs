namespace Credits.Ledger.Commands;

/// <summary>Writes the expiries that are due on one account; it has no other effect.</summary>
internal sealed record SweepCommand(string AccountId) : LedgerCommand(SweepCommand.SystemActor)
{
    /// <summary>The actor written into entries that no caller caused.</summary>
    public const string SystemActor = "system";
}

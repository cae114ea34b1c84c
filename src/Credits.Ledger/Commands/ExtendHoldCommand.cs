namespace Credits.Ledger.Commands;

/// <summary>
/// Moves an active hold's expiry to <paramref name="Ttl"/> from now, for a job that runs longer than
/// it reserved for; never earlier than it is, and never past the hold's lifetime cap
/// (<see cref="LedgerOptions.HoldLifetimeMax"/> after it was reserved).
/// </summary>
public sealed record ExtendHoldCommand(string Actor, string HoldId, TimeSpan Ttl) : LedgerCommand<ExtendHoldResult>(Actor);

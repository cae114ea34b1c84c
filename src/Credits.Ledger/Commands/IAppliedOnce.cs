namespace Credits.Ledger.Commands;

/// <summary>
/// The result of a command applied once per business reference beyond its idempotency key's
/// retention: met again, it reports the first application and changes nothing (nor sends its
/// notification again).
/// </summary>
public interface IAppliedOnce
{
    /// <summary>True when the command had been applied before; nothing changed this time.</summary>
    bool AlreadyApplied { get; }
}

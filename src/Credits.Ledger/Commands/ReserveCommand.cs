namespace Credits.Ledger.Commands;

/// <summary>Pins credits to a hold: either <see cref="Amount"/> credits or <see cref="Quantity"/> units of a priced <see cref="Feature"/>.</summary>
public sealed record ReserveCommand(
    string Actor,
    string AccountId,
    long? Amount,
    string? Feature,
    long Quantity,
    TimeSpan? Ttl,
    string IdempotencyKey,
    IReadOnlyDictionary<string, string> Metadata) : LedgerCommand<ReserveResult>(Actor), IAccountCommand
{
    /// <summary>The credits to hold, resolved from the price catalogue when the cost is a feature.</summary>
    internal long PricedAmount { get; init; }
}

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
    /// <summary>
    /// The <c>user:</c> member this reserve is for when <see cref="AccountId"/> is a pool (<c>org:</c>):
    /// the pool's credits and the member's allowance this period are taken together, or neither.
    /// </summary>
    public string? OnBehalfOf { get; init; }

    /// <summary>The credits to hold, resolved from the price catalogue when the cost is a feature.</summary>
    internal long PricedAmount { get; init; }
}

namespace Credits.Ledger.Balances;

/// <summary>How many balances GetBalance answers from memory, and for how long at most.</summary>
public sealed class BalanceCacheOptions
{
    /// <summary>The configuration section, under <c>Ledger</c>.</summary>
    public const string Section = "BalanceCache";

    /// <summary>Balances kept; 0 turns the cache off and every read goes to the database.</summary>
    public int Capacity { get; set; } = 100_000;

    /// <summary>
    /// The longest a cached balance is served. Local writes and peers' notices replace or drop an
    /// entry at once; this bounds staleness only when a peer died between its commit and its notice.
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(30);
}

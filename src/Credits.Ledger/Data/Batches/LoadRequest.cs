using Credits.Ledger.Engine;
namespace Credits.Ledger.Data.Batches;

/// <summary>What one batch must lock and read, gathered from its commands.</summary>
/// <param name="Accounts">Named accounts in ordinal order, each with whether a command may create it.</param>
/// <param name="HoldIds">Holds the commands name; their owners are locked and read too.</param>
/// <param name="Reversing">Accounts whose spent lots are read as well (a claw-back reversal refills them).</param>
/// <param name="References">Claw-back references the commands name.</param>
/// <param name="NowMs">The batch's clock, stamped on the accounts it creates.</param>
internal sealed record LoadRequest(
    IReadOnlyList<(string AccountId, bool Create)> Accounts,
    IReadOnlyList<string> HoldIds,
    IReadOnlyList<string> Reversing,
    IReadOnlyList<string> References,
    long NowMs)
{
    /// <summary>Heavy accounts whose live rows this process holds (<see cref="HeavyAccountCache"/>): read only when their sequence moved.</summary>
    public IReadOnlyList<HeavyAccountState> Cached { get; init; } = [];

    /// <summary>Holds being refunded: their owners' spent lots are read too (a refund refills the lots its commit emptied).</summary>
    public IReadOnlyList<string> Refunding { get; init; } = [];

    /// <summary>
    /// (pool, member) pairs whose member account is locked and read only when the pool's policy
    /// falls back to it (<see cref="Rules.LoadPlan.PoolFallbackAccount"/>).
    /// </summary>
    public IReadOnlyList<(string PoolId, string MemberId)> PoolFallbacks { get; init; } = [];
}

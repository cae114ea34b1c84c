namespace Credits.Ledger.GroupCommit;

/// <summary>How commands are grouped into transactions; bound from <c>Ledger:GroupCommit</c>.</summary>
public sealed class GroupCommitOptions
{
    /// <summary>
    /// Lanes, each running one transaction at a time; commands of one account always share a lane.
    /// More lanes mean more parallel transactions, fewer mean bigger batches. One is the default:
    /// measured on two cores (tests/bench.sh), one lane's bigger batches gave 1,880-1,960 pairs/s at
    /// 16 callers against 1,470-1,590 for two, and more at 64, for a third less CPU per pair. A
    /// machine with more cores may gain from more.
    /// </summary>
    public int Lanes { get; set; } = 1;

    /// <summary>The most commands one transaction applies; unset, the provider's default (<see cref="BatchSizeDefault"/>).</summary>
    public int? BatchSizeMax { get; set; }

    /// <summary>
    /// 128 on PostgreSQL. 16 on SQLite, whose driver looks every parameter of a multi-statement
    /// command up in every statement, so a batch's cost grows with its square: at 64 callers,
    /// batches of up to 16 gave 714 pairs/s where batches of up to 64 gave 206 (tests/bench.sh).
    /// </summary>
    public static int BatchSizeDefault(Data.DatabaseProvider provider) => provider == Data.DatabaseProvider.Sqlite ? 16 : 128;

    /// <summary>
    /// Lots and holds from which an account's commands move to a lane of their own (PostgreSQL; on
    /// SQLite one writer serves every lane anyway). An account at the caps (1,000 of each) took
    /// about 6 ms a batch, and with one lane every other caller queued behind it.
    /// </summary>
    public int HeavyAccountRows { get; set; } = 250;

    /// <summary>
    /// Heavy accounts whose live lots, holds and claw-backs the server keeps in memory between
    /// batches (0: none), so their batches skip reading them while no other process changed them
    /// (<see cref="Data.Batches.HeavyAccountCache"/>). An account at the caps takes about 0.5 MB.
    /// </summary>
    public int HeavyAccountsKept { get; set; } = 64;

    /// <summary>
    /// Whether a command that finds its lane idle (nothing queued, no transaction running) runs on
    /// the caller's thread instead of through the lane's queue. On by default: a lone caller then
    /// skips two thread-pool hops per command. PostgreSQL only (SQLite's driver blocks the thread
    /// for the whole transaction). Off only to measure that difference.
    /// </summary>
    public bool InlineWhenIdle { get; set; } = true;

    /// <summary>
    /// Accounts (below <see cref="HeavyAccountRows"/>) the server keeps as last committed, so that a
    /// batch on them costs one round trip instead of two (PostgreSQL; 0: none). Its write proves the
    /// copies current under the accounts' locks, else the batch loads and runs again
    /// (<see cref="Data.Batches.WarmAccountCache"/>). An account of a few lots takes about 2 KB.
    /// </summary>
    public int AccountsKept { get; set; } = 20_000;

    /// <summary>Commands that may wait in one lane before submitters wait for room.</summary>
    public int QueuedPerLaneMax { get; set; } = 4096;
}

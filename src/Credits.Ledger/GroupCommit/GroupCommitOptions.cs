namespace Credits.Ledger.GroupCommit;

/// <summary>How commands are grouped into transactions; bound from <c>Ledger:GroupCommit</c>.</summary>
public sealed class GroupCommitOptions
{
    /// <summary>
    /// Lanes, each running one transaction at a time; commands of one account always share a lane.
    /// More lanes mean more parallel transactions, fewer mean bigger batches.
    /// </summary>
    public int Lanes { get; set; } = 2;

    /// <summary>The most commands one transaction applies.</summary>
    public int BatchSizeMax { get; set; } = 128;

    /// <summary>Commands that may wait in one lane before submitters wait for room.</summary>
    public int QueuedPerLaneMax { get; set; } = 4096;
}

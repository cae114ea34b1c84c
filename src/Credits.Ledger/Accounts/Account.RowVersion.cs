namespace Credits.Ledger.Accounts;

internal sealed partial class Account
{
    /// <summary>The account row's version when the batch read it (moved by a trigger on every update; 0 on SQLite).</summary>
    internal long LoadedRowVersion { get; init; }

    /// <summary>
    /// True when the batch writes the account row: the row changed, or any of its lots, holds or
    /// claw-backs did. Writing the row for the latter too moves its version on every change to
    /// the account's state, which is what lets a kept copy be checked by the row alone
    /// (<see cref="Data.Batches.WarmAccountCache"/>).
    /// </summary>
    internal bool RowWritten => IsDirty || _newEntries.Count > 0 || HasDirtyRows;
}

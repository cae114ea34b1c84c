using System.Collections.Concurrent;
using Credits.Ledger.Accounts;
using Credits.Ledger.Clawbacks;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using Credits.Ledger.Holds;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// The live lots, active holds and outstanding claw-backs of heavy accounts (hundreds of rows) as
/// this process last committed them, each stamped with the account's journal sequence at that
/// commit. A batch that touches such an account skips reading those rows when the locked account
/// row still carries that sequence (the check runs in the load's own SQL, under the lock): every
/// change to them appends a journal entry and so moves the sequence, whichever process made it.
/// An account at the caps took 5-7 ms a batch to read and map (1,000 lots, 1,000 holds with their
/// parts as JSON), and the CPU that took was the other callers' on a small machine.
/// </summary>
/// <remarks>
/// Only a committed batch stores, and it stores copies, so a batch that fails or rolls back
/// leaves the cache as it was; one whose commit was left unanswered leaves an entry for the
/// earlier sequence, which the next load finds outdated. An account changed without a new journal
/// entry would break the stamp, so such an account is dropped rather than stored (none is: see
/// <see cref="Account.HasDirtyRows"/>). At most <c>capacity</c> accounts are kept.
/// </remarks>
internal sealed class HeavyAccountCache(int rowsThreshold, int capacity)
{
    private readonly ConcurrentDictionary<string, HeavyAccountState> _states = new(StringComparer.Ordinal);

    /// <summary>Accounts kept now.</summary>
    public int Count => _states.Count;

    /// <summary>
    /// The states that may serve a batch naming <paramref name="accountIds"/> and <paramref name="holdIds"/>:
    /// those of the named accounts, and of any kept account in the partition a named hold carries
    /// (a Commit names only its hold). Whether each is current is decided under the batch's locks.
    /// </summary>
    public IReadOnlyList<HeavyAccountState> Candidates(IEnumerable<string> accountIds, IReadOnlyList<string> holdIds)
    {
        if (_states.IsEmpty)
        {
            return [];
        }
        var found = new Dictionary<string, HeavyAccountState>(StringComparer.Ordinal);
        foreach (var accountId in accountIds)
        {
            if (_states.TryGetValue(accountId, out var state))
            {
                found[accountId] = state;
            }
        }
        if (holdIds.Count > 0)
        {
            var partitions = holdIds.Select(Ids.PartitionOfHold).ToHashSet();
            foreach (var state in _states.Values.Where(state => partitions.Contains(state.Partition)))
            {
                found[state.AccountId] = state;
            }
        }
        return found.Values.ToList();
    }

    /// <summary>Keeps the state of each heavy account a batch just committed (and forgets accounts no longer heavy).</summary>
    public void Keep(IEnumerable<Account> accounts)
    {
        foreach (var account in accounts.Where(account => account.Persisted))
        {
            if (account.LoadedRows >= rowsThreshold
                && (account.NewEntries.Count > 0 || !account.HasDirtyRows)
                && (_states.Count < capacity || _states.ContainsKey(account.AccountId)))
            {
                _states[account.AccountId] = HeavyAccountState.Of(account);
            }
            else if (!_states.IsEmpty)
            {
                _states.TryRemove(account.AccountId, out _);
            }
        }
    }
}

/// <summary>One heavy account's rows at <see cref="LastSequence"/>; never changed, copied out for each batch.</summary>
internal sealed class HeavyAccountState
{
    private readonly LotRow[] _lots;
    private readonly Hold[] _holds;
    private readonly ClawbackRow[] _clawbacks;

    private HeavyAccountState(string accountId, long lastSequence, LotRow[] lots, Hold[] holds, ClawbackRow[] clawbacks)
    {
        AccountId = accountId;
        Partition = Ids.Partition(accountId);
        LastSequence = lastSequence;
        _lots = lots;
        _holds = holds;
        _clawbacks = clawbacks;
    }

    public string AccountId { get; }
    public uint Partition { get; }
    public long LastSequence { get; }

    /// <summary>Ids of the active holds, so a batch naming one finds its owner.</summary>
    public bool HasHold(string holdId) => Array.Exists(_holds, hold => hold.HoldId == holdId);

    /// <summary>What the batch load reads for a locked account: lots with credits left, active holds, outstanding claw-backs.</summary>
    public static HeavyAccountState Of(Account account) => new(account.AccountId, account.LastSequence,
        account.Lots.Where(lot => lot.Remaining > 0).Select(RowMapping.ToRow).ToArray(),
        account.Holds.Where(hold => hold.IsActive).Select(Copy).ToArray(),
        account.Clawbacks.Where(clawback => clawback.OwedOutstanding > 0).Select(RowMapping.ToRow).ToArray());

    // Lots and claw-backs are kept as rows and mapped as a load maps them (RowMapping), so each comes
    // out neither new nor changed: the writer writes it only if this batch changes it.
    public IEnumerable<Lot> Lots() => _lots.Select(RowMapping.ToLot);

    public IEnumerable<Hold> Holds() => _holds.Select(Copy);

    public IEnumerable<Clawback> Clawbacks() => _clawbacks.Select(RowMapping.ToClawback);

    // Holds are copied, not kept as rows: a row carries the parts as JSON, and parsing a thousand of
    // them was most of what a load of an account at the caps cost. The parts list is never changed.
    private static Hold Copy(Hold hold) => new()
    {
        HoldId = hold.HoldId,
        AccountId = hold.AccountId,
        Amount = hold.Amount,
        ExpiresAt = hold.ExpiresAt,
        CreatedAt = hold.CreatedAt,
        Parts = hold.Parts,
        Feature = hold.Feature,
        State = hold.State,
        Committed = hold.Committed,
        Released = hold.Released,
        EndedAt = hold.EndedAt,
        Purpose = hold.Purpose,
        Reference = hold.Reference,
    };
}

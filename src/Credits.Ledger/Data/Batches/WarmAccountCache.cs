using System.Collections.Concurrent;
using Credits.Ledger.Accounts;
using Credits.Ledger.Data.Rows;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// Accounts as this process last committed them (row, live lots, active holds, outstanding
/// claw-backs), so a batch on them can skip its load and cost one round trip: it decides on the
/// copy and its write begins by locking the accounts and proving their rows are still at the
/// versions copied (<see cref="Migrations.AddAccountRowVersion"/>), else nothing is written and the
/// batch runs again the usual way (<see cref="WarmBatch"/>). A trigger moves the version on every
/// update of the row, whoever makes it, and every batch that changes an account's lots, holds or
/// claw-backs writes its row too (<see cref="Account.RowWritten"/>), so the version covers the whole
/// state: another instance's or a tool's change can never be decided over.
/// </summary>
/// <remarks>
/// Only a committed batch stores, and it stores copies, so a failed or rolled-back batch leaves the
/// cache as it was; a commit left unanswered leaves the earlier version, which the guard refuses.
/// Accounts with <c>rowsMax</c> rows or more are left to <see cref="HeavyAccountCache"/>. At most
/// <c>capacity</c> accounts are kept; new ones are not kept while it is full.
/// </remarks>
internal sealed class WarmAccountCache(int capacity, int rowsMax)
{
    private readonly ConcurrentDictionary<string, WarmAccount> _accounts = new(StringComparer.Ordinal);
    // The owner of every active hold of a kept account, for commands that name only a hold.
    private readonly ConcurrentDictionary<string, string> _holdOwners = new(StringComparer.Ordinal);

    /// <summary>Accounts kept now.</summary>
    public int Count => _accounts.Count;

    public bool TryGet(string accountId, out WarmAccount account) => _accounts.TryGetValue(accountId, out account!);

    /// <summary>The kept account holding <paramref name="holdId"/> active, if any.</summary>
    public bool TryFindHoldOwner(string holdId, out string accountId)
    {
        if (_holdOwners.TryGetValue(holdId, out accountId!) && _accounts.TryGetValue(accountId, out var owner) && owner.Rows.HasHold(holdId))
        {
            return true;
        }
        _holdOwners.TryRemove(holdId, out _);
        return false;
    }

    /// <summary>Keeps each persisted account of a batch that just committed (its state is now the database's).</summary>
    public void Keep(IEnumerable<Account> accounts)
    {
        foreach (var account in accounts.Where(account => account.Persisted))
        {
            foreach (var hold in account.Holds.Where(hold => !hold.IsActive))
            {
                _holdOwners.TryRemove(hold.HoldId, out _);
            }
            if (account.LoadedRows >= rowsMax || (_accounts.Count >= capacity && !_accounts.ContainsKey(account.AccountId)))
            {
                Forget(account.AccountId);
                continue;
            }
            var kept = new WarmAccount(LoadedAccounts.RowAfterCommit(account), HeavyAccountState.Of(account));
            _accounts[account.AccountId] = kept;
            foreach (var hold in account.Holds.Where(hold => hold.IsActive))
            {
                _holdOwners[hold.HoldId] = account.AccountId;
            }
        }
    }

    /// <summary>Drops accounts whose copy proved stale, or whose commit may not have landed.</summary>
    public void Forget(IEnumerable<string> accountIds)
    {
        foreach (var accountId in accountIds)
        {
            Forget(accountId);
        }
    }

    private void Forget(string accountId) => _accounts.TryRemove(accountId, out _);
}

/// <summary>One kept account: its row as committed and its live rows; never changed, copied out for each batch.</summary>
internal sealed record WarmAccount(AccountRow Row, HeavyAccountState Rows)
{
    /// <summary>A fresh account for one batch to decide on.</summary>
    public Account ToAccount() => LoadedAccounts.From(Row, Rows.Lots(), Rows.Holds(), Rows.Clawbacks());
}

using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Engine;
using Credits.Ledger.Rules;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// A batch built from kept copies (<see cref="WarmAccountCache"/>) instead of a load, and the guard
/// its write begins with. Built only when the copies are all it needs: every account it names or
/// whose hold it names is kept (the hold active in the copy), none is a pool, and it reads nothing
/// else but idempotency records. Those it decides as unclaimed, and its guard checks they are (a
/// claimed one must answer with its stored response, whatever a new decision would say): if one
/// is, the batch runs again the usual way, which reads it.
/// </summary>
internal sealed class WarmBatch
{
    private WarmBatch(Batch batch, string[] accountIds, long[] rowVersions)
    {
        Batch = batch;
        AccountIds = accountIds;
        RowVersions = rowVersions;
    }

    public Batch Batch { get; }

    /// <summary>The batch's accounts, and the row versions its decisions were made on.</summary>
    public string[] AccountIds { get; }

    public long[] RowVersions { get; }

    /// <summary>Null when the batch needs anything the cache does not hold.</summary>
    public static WarmBatch? TryBuild(IReadOnlyList<LedgerCommand> commands, RuleContext context, WarmAccountCache warm)
    {
        var plan = new LoadPlan { Now = context.Now };
        foreach (var command in commands)
        {
            CommandRules.For(command).Declare(command, plan);
        }
        var request = plan.ToRequest(Clock.ToMs(context.Now));
        if (request.Reversing.Count > 0 || request.References.Count > 0 || request.Refunding.Count > 0 || request.PoolFallbacks.Count > 0)
        {
            return null;
        }
        var holdOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var holdId in plan.HoldIds)
        {
            if (!warm.TryFindHoldOwner(holdId, out var owner))
            {
                return null;
            }
            holdOwners[holdId] = owner;
        }
        var kept = new SortedDictionary<string, WarmAccount>(StringComparer.Ordinal);
        foreach (var accountId in plan.AccountIds.Concat(holdOwners.Values))
        {
            if (Accounts.AccountIds.KindOf(accountId) == AccountKind.Org || !warm.TryGet(accountId, out var account))
            {
                return null;
            }
            kept[accountId] = account;
        }
        foreach (var (store, set) in plan.Entities)
        {
            // Pool stores are scoped by the batch's named holds, but with no pool among the accounts
            // no pool hold can be among them.
            store.ScopeTo(set, request);
            if (store != BatchEntities.IdempotencyRecords && set.WantedCount > 0)
            {
                return null;
            }
        }
        var batch = new Batch(context, plan.Entities);
        foreach (var (holdId, owner) in holdOwners)
        {
            batch.HoldAccounts[holdId] = owner;
        }
        foreach (var (accountId, account) in kept)
        {
            batch.Accounts[accountId] = account.ToAccount();
        }
        return new WarmBatch(batch, kept.Keys.ToArray(), kept.Values.Select(account => account.Row.RowVersion).ToArray());
    }

    /// <summary>Begins the write: the transaction, then the lock and version check of every account and the check of its keys (SQLSTATE CR001 if either fails).</summary>
    public void AppendGuard(SqlText sql)
    {
        sql.Append(BatchLoadQueries.BeginPostgres);
        var keys = Batch.Set(BatchEntities.IdempotencyRecords).Wanted;
        sql.Append("SELECT credits_expect_row_versions(").Param(AccountIds).Append("::text[], ").Param(RowVersions).Append("::bigint[], ")
            .Param(keys.Select(key => key.AccountId).ToArray()).Append("::text[], ").Param(keys.Select(key => key.Caller).ToArray())
            .Append("::text[], ").Param(keys.Select(key => key.Key).ToArray()).Append("::text[]);\n");
    }
}

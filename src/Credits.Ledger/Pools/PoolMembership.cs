using Credits.Ledger.Accounts;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;

namespace Credits.Ledger.Pools;

/// <summary>What the three membership rules share: checks of the pool, member and terms, the loads, the view.</summary>
internal static class PoolMembership
{
    public static void ValidateIds(string poolId, string memberId)
    {
        if (AccountIds.Parse(poolId, "pool_account_id") != AccountKind.Org)
        {
            throw LedgerErrors.Invalid("pool_account_id", "pool_account_id must be an 'org:' account.").ToException();
        }
        if (AccountIds.Parse(memberId, "member_account_id") != AccountKind.User)
        {
            throw LedgerErrors.Invalid("member_account_id", "member_account_id must be a 'user:' account.").ToException();
        }
    }

    public static void ValidateTerms(long? limit, PoolPeriod period, PoolRole role)
    {
        if (limit is { } credits && (credits < 0 || credits > Limits.AmountMax))
        {
            throw LedgerErrors.Invalid("limit", $"limit must be 0 to {Limits.AmountMax} credits, or none.").ToException();
        }
        if (!Enum.IsDefined(period))
        {
            throw LedgerErrors.Invalid("period", "period must be day, week, month or none.").ToException();
        }
        if (!Enum.IsDefined(role))
        {
            throw LedgerErrors.Invalid("role", "role must be member or admin.").ToException();
        }
    }

    /// <summary>Locks the pool and loads the member and its usage rows of the batch's periods (one per period kind).</summary>
    public static void Declare(string poolId, string memberId, bool createPool, LoadPlan plan)
    {
        plan.Account(poolId, create: createPool);
        plan.Want(BatchEntities.PoolMembers, new PoolMemberKey(poolId, memberId));
        foreach (var period in PoolPeriods.All)
        {
            plan.Want(BatchEntities.PoolUsages, new PoolUsageKey(poolId, memberId, PoolPeriods.StartOf(period, plan.Now)));
        }
    }

    /// <summary>The usage row of <paramref name="member"/>'s current period, new if it has none yet (added to the batch only when changed).</summary>
    public static PoolUsage CurrentUsage(PoolMember member, Batch batch)
    {
        var key = new PoolUsageKey(member.Key.PoolId, member.Key.MemberId, PoolPeriods.StartOf(member.Period, batch.Context.Now));
        return batch.Set(BatchEntities.PoolUsages).Find(key) ?? PoolUsage.Start(key);
    }

    public static PoolMemberView View(PoolMember member, Batch batch)
    {
        PoolSettlement.Settle(batch);
        var usage = CurrentUsage(member, batch);
        return new PoolMemberView(member.Key.PoolId, member.Key.MemberId, member.Limit, member.Period, member.Role,
            Clock.FromMs(member.AddedAtMs), member.RemovedAtMs is { } removed ? Clock.FromMs(removed) : null, usage.Used,
            Clock.FromMs(usage.Key.PeriodStart), usage.Held, usage.Committed);
    }
}

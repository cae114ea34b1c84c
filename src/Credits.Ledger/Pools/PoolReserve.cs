using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Rules;

namespace Credits.Ledger.Pools;

/// <summary>
/// A reserve on a pool for a member (<see cref="ReserveCommand.OnBehalfOf"/>): decided under the
/// pool's lock on the member's row and its usage this period, loaded in the same batch, so the pool's
/// credits and the member's allowance are taken together or not at all, and concurrent reserves by
/// one member cannot pass its limit together.
/// </summary>
internal static class PoolReserve
{
    public static void Validate(string poolId, string memberId)
    {
        if (AccountIds.Parse(poolId, "account_id") != AccountKind.Org)
        {
            throw LedgerErrors.Invalid("on_behalf_of", "on_behalf_of applies only to a pool: account_id must be an 'org:' account.").ToException();
        }
        if (AccountIds.Parse(memberId, "on_behalf_of") != AccountKind.User)
        {
            throw LedgerErrors.Invalid("on_behalf_of", "on_behalf_of must be a 'user:' account.").ToException();
        }
    }

    /// <summary>
    /// The pool, the member's row and usage, the pool's policy, and the member's own account only
    /// when that policy falls back to it (decided by the load's lock statement; never created: a
    /// member without an account has nothing to fall back on).
    /// </summary>
    public static void Declare(string poolId, string memberId, LoadPlan plan)
    {
        PoolMembership.Declare(poolId, memberId, createPool: false, plan);
        plan.Want(BatchEntities.PoolPolicies, poolId);
        plan.PoolFallbackAccount(poolId, memberId);
    }

    public static Decision<ReserveResult> Decide(ReserveCommand command, Batch batch)
    {
        var memberId = command.OnBehalfOf!;
        if (batch.Set(BatchEntities.PoolMembers).Find(new PoolMemberKey(command.AccountId, memberId)) is not { IsActive: true } member)
        {
            return LedgerErrors.NotAPoolMember(command.AccountId, memberId);
        }
        // Holds of this member ended earlier in the batch give their allowance back first.
        PoolSettlement.Settle(batch);
        var usage = PoolMembership.CurrentUsage(member, batch);
        var pool = batch.Accounts[command.AccountId];
        LedgerError? refusal = member.Limit is { } limit && command.PricedAmount > limit - usage.Used
            ? LedgerErrors.MemberLimitExceeded(limit, usage.Used, command.PricedAmount)
            : pool.Spendable(command.Feature, batch.Context.Now) is var spendable && spendable < command.PricedAmount
                ? LedgerErrors.InsufficientCredits(spendable, command.PricedAmount) : null;
        if (refusal is not null)
        {
            // All from the pool, else all from the member's own account, never split; else refused as without fallback.
            // The account is in the batch only if the load locked it under the fallback policy; a policy
            // set after the lock statement read it (or in this batch) applies from the next batch on.
            return batch.Set(BatchEntities.PoolPolicies).Find(command.AccountId) is { Fallback: PoolFallback.MemberAccount }
                && batch.Accounts.TryGetValue(memberId, out var own) && own.Spendable(command.Feature, batch.Context.Now) >= command.PricedAmount
                ? ReserveOn(own, command, batch)
                : refusal;
        }
        if (pool.RoomForHold(batch.Context.Options) is { } tooMany)
        {
            return tooMany;
        }
        var hold = pool.Reserve(command, batch.Context);
        usage.Hold(hold.Amount);
        var usages = batch.Set(BatchEntities.PoolUsages);
        if (usages.Find(usage.Key) is null)
        {
            usages.Add(usage);
        }
        batch.Set(BatchEntities.PoolHolds).Add(PoolHold.Start(hold.HoldId, usage.Key));
        return new ReserveResult(hold.HoldId, hold.Amount, hold.ExpiresAt, pool.View(batch.Context.Now));
    }

    /// <summary>The fallback: an ordinary hold on the member's own account, which counts in no pool usage.</summary>
    private static Decision<ReserveResult> ReserveOn(Account own, ReserveCommand command, Batch batch)
    {
        if (own.RoomForHold(batch.Context.Options) is { } tooMany)
        {
            return tooMany;
        }
        var hold = own.Reserve(command, batch.Context);
        return new ReserveResult(hold.HoldId, hold.Amount, hold.ExpiresAt, own.View(batch.Context.Now));
    }
}

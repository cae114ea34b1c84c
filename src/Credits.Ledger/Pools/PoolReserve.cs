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
        if (member.Limit is { } limit && command.PricedAmount > limit - usage.Used)
        {
            return LedgerErrors.MemberLimitExceeded(limit, usage.Used, command.PricedAmount);
        }
        var pool = batch.Accounts[command.AccountId];
        if (pool.Available < command.PricedAmount)
        {
            return LedgerErrors.InsufficientCredits(pool.Available, command.PricedAmount);
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
}

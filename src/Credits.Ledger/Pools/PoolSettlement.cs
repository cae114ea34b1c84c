using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;

namespace Credits.Ledger.Pools;

/// <summary>
/// Returns ended pool holds to their member's usage: a commit keeps what it debited as committed and
/// frees the rest; a release or an expiry frees all of it. One place for every way a hold ends
/// (commit, release, the catch-up's expiry), run by the engine after the catch-up and after the
/// decisions, and by a pool reserve before it reads the usage, all in the batch that ends the hold.
/// </summary>
internal static class PoolSettlement
{
    public static void Settle(Batch batch)
    {
        var usages = batch.Set(BatchEntities.PoolUsages);
        foreach (var poolHold in batch.Set(BatchEntities.PoolHolds).Entities.Where(poolHold => poolHold.IsActive))
        {
            if (!batch.Accounts.TryGetValue(poolHold.PoolId, out var pool) || !pool.TryGetHold(poolHold.Key, out var hold) || hold.IsActive)
            {
                continue;
            }
            var usage = usages.Find(poolHold.UsageKey)
                ?? throw new InvalidOperationException($"Pool hold {poolHold.Key} ended but its usage row {poolHold.UsageKey} was not loaded.");
            usage.End(hold.Amount, hold.Committed);
            poolHold.End();
        }
    }
}

using Credits.Ledger.Balances;
using V1 = Credits.V1;

namespace Credits.Server.Mapping;

/// <summary>Maps a balance replayed as of an instant to GetBalance's answer: the balance and its per-lot explanation.</summary>
internal static class AsOfMapping
{
    public static V1.GetBalanceResponse ToResponse(this ReplayedBalance replayed)
    {
        var balance = new V1.Balance
        {
            AccountId = replayed.AccountId,
            Available = replayed.Available,
            Held = replayed.Held,
            Owed = replayed.Owed,
            LastSequence = replayed.LastSequence,
        };
        // Buckets as the live balance lists them: only those with credits, one row each.
        foreach (var bucket in replayed.Lots.GroupBy(lot => lot.Bucket).OrderBy(group => group.Key))
        {
            var available = bucket.Sum(lot => lot.Remaining);
            var held = bucket.Sum(lot => lot.Held);
            if (available != 0 || held != 0)
            {
                balance.Buckets.Add(new V1.BucketBalance { Bucket = (V1.Bucket)(int)bucket.Key, Available = available, Held = held });
            }
        }
        var response = new V1.GetBalanceResponse { Balance = balance };
        foreach (var lot in replayed.Lots)
        {
            response.Lots.Add(new V1.LotAsOf
            {
                LotId = lot.LotId,
                Bucket = (V1.Bucket)(int)lot.Bucket,
                Granted = lot.Granted,
                Spent = lot.Spent,
                Held = lot.Held,
                Expired = lot.Expired,
                Remaining = lot.Remaining,
                Sequences = { lot.Sequences },
            });
        }
        return response;
    }
}

using Credits.Ledger.Accounts;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Data.Rows;

namespace Credits.Ledger.Engine;

/// <summary>Everything one transaction loaded and changed, keyed for the deciders.</summary>
internal sealed class Batch(RuleContext context, IReadOnlyDictionary<IBatchEntityStore, IBatchEntitySet> entities)
{
    public RuleContext Context { get; } = context;

    /// <summary>The locked accounts, by id.</summary>
    public Dictionary<string, Account> Accounts { get; } = new(StringComparer.Ordinal);

    /// <summary>The account of every hold a command names and that exists.</summary>
    public Dictionary<string, string> HoldAccounts { get; } = new(StringComparer.Ordinal);

    /// <summary>The batch's entities of every registered store (<see cref="BatchEntities"/>).</summary>
    public IReadOnlyDictionary<IBatchEntityStore, IBatchEntitySet> Entities => entities;

    /// <summary>The batch's entities of <paramref name="store"/>: those loaded for the keys rules declared, and those rules added.</summary>
    public BatchEntitySet<TKey, TEntity> Set<TKey, TEntity>(BatchEntityStore<TKey, TEntity> store)
        where TKey : notnull
        where TEntity : class, IBatchEntity<TKey> =>
        (BatchEntitySet<TKey, TEntity>)entities[store];

    /// <summary>Messages the batch's successful commands send once it commits.</summary>
    public List<OutboxRow> Outbox { get; } = [];

    /// <summary>A caller's reservation by id, with its account; null when none was loaded (a freeze is not a caller's hold).</summary>
    public (Account Account, Holds.Hold Hold)? FindReservation(string holdId)
    {
        if (HoldAccounts.TryGetValue(holdId, out var accountId)
            && Accounts[accountId].TryGetHold(holdId, out var hold)
            && hold.Purpose == Holds.HoldPurpose.Reservation)
        {
            return (Accounts[accountId], hold);
        }
        return null;
    }
}

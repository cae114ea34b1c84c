using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using Credits.Ledger.Subscriptions;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Data.Subscriptions;

// Locks, loads and saves subscriptions, and keeps their grant records. Callers hold the
// subscription's lock, so a read followed by a write never races another handler of it; each call
// is its own short statement.
internal sealed class SubscriptionRepository(LedgerDatabase database, LedgerOptions options, TimeProvider time, ILogger logger)
{
    private readonly ProviderLocks _locks = new(database);
    private readonly RetryingAccess _access = new(database, options, logger, "a subscription record");

    public Task<IAsyncDisposable> LockAsync(string subscriptionId, CancellationToken cancellationToken) =>
        _locks.ForSubscriptionAsync(subscriptionId, cancellationToken);

    public async Task<Subscription?> FindAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var row = await _access.RunAsync((db, token) =>
            db.GetTable<SubscriptionRow>().FirstOrDefaultAsync(subscription => subscription.SubscriptionId == subscriptionId, token), cancellationToken);
        return row?.ToSubscription();
    }

    // Ids of the active manual subscriptions whose period ended by nowMs, the longest overdue first.
    public Task<List<string>> DueManualAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var nowMs = Clock.ToMs(now);
        return _access.RunAsync((db, token) => db.GetTable<SubscriptionRow>()
            .Where(row => row.Status == (int)SubscriptionStatus.Active && row.Source == (int)SubscriptionSource.Manual && row.PeriodEndMs <= nowMs)
            .OrderBy(row => row.PeriodEndMs).Take(limit).Select(row => row.SubscriptionId).ToListAsync(token), cancellationToken);
    }

    public async Task SaveAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        if (!subscription.HasChanges)
        {
            return;
        }
        var row = subscription.ToRow(Clock.ToMs(Clock.Now(time)));
        await _access.RunAsync((db, token) => subscription.IsStored ? db.UpdateAsync(row, token: token) : db.InsertAsync(row, token: token),
            cancellationToken);
        subscription.MarkSaved();
    }

    public async Task<bool> HasGrantAsync(string accountId, string grantKey, CancellationToken cancellationToken) =>
        await _access.RunAsync((db, token) => db.GetTable<SubscriptionGrantRow>()
            .AnyAsync(row => row.AccountId == accountId && row.GrantKey == grantKey, token), cancellationToken);

    public Task RecordGrantAsync(SubscriptionGrant grant, CancellationToken cancellationToken)
    {
        var row = grant.ToRow();
        return _access.RunAsync((db, token) => db.InsertAsync(row, token: token), cancellationToken);
    }

    // Credits granted to the period ending at periodEnd (its allocation and upgrades).
    public Task<long> GrantedForPeriodAsync(string accountId, string subscriptionId, DateTimeOffset periodEnd, CancellationToken cancellationToken)
    {
        var periodEndMs = Clock.ToMs(periodEnd);
        return _access.RunAsync((db, token) => db.GetTable<SubscriptionGrantRow>()
            .Where(row => row.AccountId == accountId && row.SubscriptionId == subscriptionId && row.PeriodEndMs == periodEndMs
                          && (row.Kind == (int)SubscriptionGrantKind.Allocation || row.Kind == (int)SubscriptionGrantKind.Upgrade))
            .SumAsync(row => row.Amount, token), cancellationToken);
    }
}

using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Subscriptions;

/// <summary>
/// Reads and writes the subscription tables. Callers hold the subscription's lock, so a read
/// followed by a write never races another handler of the same subscription.
/// </summary>
internal sealed class SubscriptionStore(LedgerDatabase database, LedgerOptions options, ILogger logger)
{
    public Task<SubscriptionRow?> FindAsync(string subscriptionId, CancellationToken cancellationToken) =>
        RunAsync(db => db.GetTable<SubscriptionRow>().FirstOrDefaultAsync(row => row.SubscriptionId == subscriptionId, cancellationToken),
            cancellationToken);

    public Task<List<SubscriptionRow>> DueManualAsync(long nowMs, int limit, CancellationToken cancellationToken) =>
        RunAsync(db => db.GetTable<SubscriptionRow>()
            .Where(row => row.Status == (int)SubscriptionStatus.Active && row.Source == (int)SubscriptionSource.Manual && row.PeriodEndMs <= nowMs)
            .OrderBy(row => row.PeriodEndMs).Take(limit).ToListAsync(cancellationToken), cancellationToken);

    public Task<SubscriptionGrantRow?> FindGrantAsync(string accountId, string grantKey, CancellationToken cancellationToken) =>
        RunAsync(db => db.GetTable<SubscriptionGrantRow>()
            .FirstOrDefaultAsync(row => row.AccountId == accountId && row.GrantKey == grantKey, cancellationToken), cancellationToken);

    /// <summary>Credits granted to the period ending at <paramref name="periodEndMs"/> (allocation and upgrades).</summary>
    public Task<long> GrantedForPeriodAsync(string accountId, string subscriptionId, long periodEndMs, CancellationToken cancellationToken) =>
        RunAsync(db => db.GetTable<SubscriptionGrantRow>()
            .Where(row => row.AccountId == accountId && row.SubscriptionId == subscriptionId && row.PeriodEndMs == periodEndMs
                          && (row.Kind == (int)SubscriptionGrantKind.Allocation || row.Kind == (int)SubscriptionGrantKind.Upgrade))
            .SumAsync(row => row.Amount, cancellationToken), cancellationToken);

    public Task InsertAsync<T>(T row, CancellationToken cancellationToken) where T : notnull =>
        RunAsync(db => db.InsertAsync(row, token: cancellationToken), cancellationToken);

    public Task UpdateAsync<T>(T row, CancellationToken cancellationToken) where T : notnull =>
        RunAsync(db => db.UpdateAsync(row, token: cancellationToken), cancellationToken);

    private Task<TResult> RunAsync<TResult>(Func<LedgerDb, Task<TResult>> work, CancellationToken cancellationToken) =>
        TransientRetry.RunAsync(async token =>
        {
            await using var db = database.Open();
            return await work(db);
        }, options.TransientRetriesMax, logger, "a subscription record", cancellationToken);
}

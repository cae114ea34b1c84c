using System.Diagnostics;
using Credits.Ledger.Coherence;
using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Analytics.Projection;

/// <summary>
/// Keeps <c>usage_daily</c> (credits spent per account, feature and UTC day) up with the journal,
/// off the batch's transaction: a batch only notes its last counted entry on the account row, and
/// hands what it spent to the <see cref="UsageFeed"/>; this folds the feed every
/// <see cref="UsageProjectionOptions.FlushInterval"/> in a few large statements, each account's
/// checkpoint (<c>usage_checkpoints</c>) moving with its aggregates in one transaction. An account
/// whose waiting usage does not follow its checkpoint (a peer wrote it, a commit's answer was lost,
/// the process restarted) is read back from the journal past the checkpoint instead. So a crash
/// loses only time, and no entry is ever counted twice.
/// </summary>
public sealed partial class UsageProjector(LedgerDatabase database, LedgerEngine engine, AccountChanges changes, ILogger<UsageProjector> logger)
    : IDisposable
{
    /// <summary>Accounts read back per transaction.</summary>
    internal const int ReplayAccountsMax = 200;

    // One fold at a time in this process: a report that folds its account first must not read
    // while the loop's fold of that account is still in flight.
    private readonly SemaphoreSlim _folding = new(1, 1);

    /// <inheritdoc />
    public void Dispose() => _folding.Dispose();

    /// <summary>The database the aggregates live in.</summary>
    public LedgerDatabase Database => database;

    /// <summary>Folds everything waiting in this process.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => FoldAsync(accountId: null, cancellationToken);

    /// <summary>Folds <paramref name="accountId"/>'s waiting usage, so a report read next includes every commit this process answered.</summary>
    public Task FlushAsync(string accountId, CancellationToken cancellationToken = default) => FoldAsync(accountId, cancellationToken);

    /// <summary>
    /// Reads back, from the journal, every account whose last counted entry is past its checkpoint;
    /// returns how many accounts were behind.
    /// </summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var after = "";
        var accounts = 0;
        long entries = 0;
        while (true)
        {
            List<string> behind;
            await using (var connection = await database.OpenConnectionAsync(cancellationToken))
            {
                behind = await UsageFolds.BehindAsync(connection, after, ReplayAccountsMax, cancellationToken);
            }
            if (behind.Count == 0)
            {
                break;
            }
            entries += await ReplayAsync(behind, cancellationToken);
            accounts += behind.Count;
            after = behind[^1];
        }
        if (accounts > 0)
        {
            LogCaughtUp(logger, accounts, entries, clock.ElapsedMilliseconds);
        }
        return accounts;
    }

    /// <summary>Accounts whose usage is not folded yet (waiting in memory or behind in the database): 0 once caught up.</summary>
    public async Task<int> BehindAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return (await UsageFolds.BehindAsync(connection, "", int.MaxValue, cancellationToken)).Count;
    }

    /// <summary>Catches up, then folds every flush interval and catches up every catch-up interval, until stopped.</summary>
    public async Task RunAsync(UsageProjectionOptions options, TimeProvider time, CancellationToken stoppingToken)
    {
        var nextCatchUp = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() >= nextCatchUp)
                {
                    await CatchUpAsync(stoppingToken);
                    nextCatchUp = time.GetUtcNow() + options.CatchUpInterval;
                }
                await FlushAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                // The usage waits in the feed (or in the journal); the next round folds it.
                logger.LogWarning(error, "Usage projector could not fold; retrying in {Interval}", options.FlushInterval);
            }
            try
            {
                await Task.Delay(options.FlushInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        // A clean stop folds what this process committed, so nothing waits for the next start.
        await FlushAsync(CancellationToken.None);
    }

    private async Task FoldAsync(string? accountId, CancellationToken cancellationToken)
    {
        await _folding.WaitAsync(cancellationToken);
        try
        {
            var work = changes.Usage.Take(accountId);
            if (work.Blocks.Count == 0 && work.Replay.Count == 0 && !work.CatchUp)
            {
                return;
            }
            try
            {
                var blocks = work.Blocks.Values.Where(block => !work.Replay.Contains(block.AccountId))
                    .OrderBy(block => block.AccountId, StringComparer.Ordinal).ToList();
                var replay = new List<string>(work.Replay);
                if (blocks.Count > 0)
                {
                    replay.AddRange(await InTransactionAsync(
                        (connection, transaction, token) => UsageFolds.FoldBlocksAsync(connection, transaction, database.Provider, blocks, token), cancellationToken));
                }
                await ReplayAsync(replay, cancellationToken);
                LedgerMetrics.UsageFolded(blocks.Count, replay.Count);
            }
            catch
            {
                // Folded or not, putting it back is safe: a second fold of a block finds the
                // checkpoint moved and reads the journal instead.
                changes.Usage.Return(work);
                throw;
            }
            if (work.CatchUp)
            {
                await CatchUpAsync(cancellationToken);
            }
        }
        finally
        {
            _folding.Release();
        }
    }

    private async Task<long> ReplayAsync(List<string> accountIds, CancellationToken cancellationToken)
    {
        long entries = 0;
        foreach (var chunk in accountIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Chunk(ReplayAccountsMax))
        {
            entries += await InTransactionAsync(
                (connection, transaction, token) => UsageFolds.ReplayAsync(connection, transaction, database.Provider, chunk, token), cancellationToken);
        }
        return entries;
    }

    private Task<T> InTransactionAsync<T>(Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, CancellationToken, Task<T>> fold,
        CancellationToken cancellationToken) =>
        TransientRetry.RunAsync(token => engine.WithWriterAsync(async () =>
        {
            await using var connection = await database.OpenConnectionAsync(token);
            await using var transaction = await connection.BeginTransactionAsync(token);
            var result = await fold(connection, transaction, token);
            await transaction.CommitAsync(token);
            return result;
        }, token), engine.Options.TransientRetriesMax, logger, "a usage fold", cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Usage projector caught up {Accounts} accounts from the journal ({Entries} entries) in {ElapsedMs} ms")]
    private static partial void LogCaughtUp(ILogger logger, int accounts, long entries, long elapsedMs);
}

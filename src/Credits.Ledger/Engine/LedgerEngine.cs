using System.Data.Common;
using Credits.Ledger.Coherence;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Rules;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Engine;

/// <summary>
/// Applies a list of commands in one short transaction: lock the accounts in a fixed order, load,
/// decide each command in memory in arrival order (a failing command changes nothing and never
/// fails its neighbours), write everything, commit. Transient database conflicts are retried here,
/// so callers never see them.
/// </summary>
public sealed class LedgerEngine(
    LedgerDatabase database,
    LedgerOptions options,
    TimeProvider time,
    AccountChanges changes,
    ILogger<LedgerEngine> logger)
{
    // SQLite allows one writer per file; queueing writers in-process is cheaper and fairer than
    // letting them spin on SQLITE_BUSY.
    private readonly SemaphoreSlim? _sqliteWriter = database.Provider == DatabaseProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;

    /// <summary>The database the engine writes to.</summary>
    public DatabaseProvider Provider => database.Provider;

    /// <summary>The options the engine decides with.</summary>
    public LedgerOptions Options => options;

    /// <summary>Told each loaded account's size, so the dispatcher can give heavy accounts their own lane.</summary>
    internal GroupCommit.HeavyPartitions? Heavy { get; set; }

    /// <summary>Heavy accounts' live rows as last committed, so their batches need not read them again.</summary>
    internal HeavyAccountCache? HeavyStates { get; set; }

    /// <summary>Accounts as last committed, so a batch on them can skip its load (PostgreSQL; null: every batch loads).</summary>
    internal WarmAccountCache? WarmStates { get; set; }

    /// <summary>Applies <paramref name="commands"/>; the outcomes are in the same order.</summary>
    public async Task<IReadOnlyList<CommandOutcome>> ExecuteAsync(IReadOnlyList<LedgerCommand> commands, CancellationToken cancellationToken)
    {
        return await TransientRetry.RunAsync(async token =>
        {
            try
            {
                return await ExecuteOnceAsync(commands, token);
            }
            catch (Npgsql.PostgresException error) when (error.SqlState == "25006")
            {
                // A read-only node: the pooled connections may all lead to a demoted primary; the retry opens new ones.
                database.ForgetPooledConnections();
                throw;
            }
        }, options.TransientRetriesMax, logger, "a batch of commands", cancellationToken);
    }

    private async Task<IReadOnlyList<CommandOutcome>> ExecuteOnceAsync(IReadOnlyList<LedgerCommand> commands, CancellationToken cancellationToken)
    {
        if (_sqliteWriter is not null)
        {
            await _sqliteWriter.WaitAsync(cancellationToken);
        }
        try
        {
            if (WarmStates is { } warm && WarmBatch.TryBuild(commands, new RuleContext(Clock.Now(time), options), warm) is { } kept)
            {
                try
                {
                    return await RunAsync(commands, kept, cancellationToken);
                }
                catch (Npgsql.PostgresException error) when (error.SqlState is Data.Migrations.AddAccountRowVersion.StaleCopyState
                                                                 or Npgsql.PostgresErrorCodes.UniqueViolation)
                {
                    // A copy was stale, or a key was claimed before: nothing was written (the guard
                    // and the INSERT run before the COMMIT). Load and decide again.
                    warm.Forget(kept.AccountIds);
                    LedgerMetrics.WarmMissed();
                }
            }
            return await RunAsync(commands, null, cancellationToken);
        }
        finally
        {
            _sqliteWriter?.Release();
        }
    }

    /// <summary>One transaction: the load (or the kept copies of <paramref name="warm"/>), the decisions, the write and the commit.</summary>
    private async Task<IReadOnlyList<CommandOutcome>> RunAsync(IReadOnlyList<LedgerCommand> commands, WarmBatch? warm, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // PostgreSQL: the load's command begins the transaction and the write's command ends it
        // with COMMIT, so a batch costs two round trips instead of three (one when decided on kept
        // copies: the write then begins it). SQLite commits in process, so it keeps a plain transaction.
        var inline = database.Provider == DatabaseProvider.Postgres;
        await using var transaction = inline ? null : await connection.BeginTransactionAsync(cancellationToken);
        var ended = false;
        try
        {
            var context = warm?.Batch.Context ?? new RuleContext(Clock.Now(time), options);
            var batch = warm?.Batch ?? await BatchLoader.LoadAsync(connection, transaction, database.Provider, commands, context, HeavyStates,
                cancellationToken);
            foreach (var account in batch.Accounts.Values.Where(account => account.Persisted))
            {
                Heavy?.Observe(Ids.Partition(account.AccountId), account.LoadedRows);
                // What was loaded must already hold the invariants: the check before the write
                // then pins a broken one on this batch's rules, not on whatever wrote before.
                account.AssertInvariants();
                account.CatchUp(context);
            }
            // The catch-up may have expired pool holds: their members' usage takes them back.
            Pools.PoolSettlement.Settle(batch);
            var outcomes = new List<CommandOutcome>(commands.Count);
            foreach (var command in commands)
            {
                outcomes.Add(CommandRules.For(command).Decide(command, batch));
            }
            // Commits and releases of pool holds return to their members' usage in this transaction.
            Pools.PoolSettlement.Settle(batch);
            foreach (var account in batch.Accounts.Values)
            {
                if (account.HasChanges)
                {
                    account.WarnOfExpiringLots(context);
                }
                account.AssertInvariants();
            }
            var changed = batch.Accounts.Values.Where(account => account.HasChanges).ToList();
            var usage = options.UsageProjection.Enabled ? Analytics.Projection.UsageBlocks.Of(batch) : [];
            try
            {
                await BatchWriter.WriteAsync(connection, transaction, batch, cancellationToken, warm);
                if (transaction is not null)
                {
                    await transaction.CommitAsync(cancellationToken);
                }
                ended = true;
            }
            catch (Exception error) when (changed.Count > 0 && !IsRefusedBeforeCommit(error))
            {
                // The commit may have landed without its answer reaching us.
                changes.Uncertain(changed);
                changes.Usage.Uncertain(usage.Select(block => block.AccountId));
                WarmStates?.Forget(changed.Select(account => account.AccountId));
                throw;
            }
            changes.Committed(changed, context.Now);
            changes.Usage.Add(usage);
            HeavyStates?.Keep(batch.Accounts.Values);
            WarmStates?.Keep(batch.Accounts.Values);
            LedgerMetrics.Batches.Add(1);
            LedgerMetrics.BatchSize.Record(commands.Count);
            return outcomes;
        }
        finally
        {
            if (inline && !ended)
            {
                await RollBackQuietlyAsync(connection);
            }
        }
    }

    /// <summary>The guard of a batch on kept copies refused it: it failed before its COMMIT, so nothing is uncertain.</summary>
    private static bool IsRefusedBeforeCommit(Exception error) =>
        error is Npgsql.PostgresException { SqlState: Data.Migrations.AddAccountRowVersion.StaleCopyState };

    /// <summary>
    /// Runs a write that is not a batch (the usage projector's folds) as SQLite's one writer, queued
    /// with the batches instead of spinning on SQLITE_BUSY; on PostgreSQL it just runs.
    /// </summary>
    internal async Task<T> WithWriterAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        if (_sqliteWriter is null)
        {
            return await write();
        }
        await _sqliteWriter.WaitAsync(cancellationToken);
        try
        {
            return await write();
        }
        finally
        {
            _sqliteWriter.Release();
        }
    }

    /// <summary>Ends a transaction the engine began in SQL text, before its connection returns to the pool.</summary>
    private static async Task RollBackQuietlyAsync(DbConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }
        try
        {
            await using var rollback = connection.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (DbException)
        {
            // The connection broke: PostgreSQL rolls the transaction back as the session ends.
        }
    }
}

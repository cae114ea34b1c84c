using System.Threading.Channels;
using Credits.Ledger.Commands;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.GroupCommit;

/// <summary>
/// Group commit: commands that arrive together are applied in one transaction. Commands are
/// routed to a lane by account (a hold carries its account's partition), and each lane applies
/// whatever has queued up while its previous batch ran, in arrival order, up to
/// a batch size limit (<see cref="GroupCommitOptions.BatchSizeMax"/>). A lone caller never waits for company: a lane
/// with one queued command runs it at once, and a command that finds its lane idle (nothing queued, no
/// transaction running) runs on the caller's own thread (<see cref="GroupCommitOptions.InlineWhenIdle"/>). One more lane serves heavy accounts alone
/// (<see cref="HeavyPartitions"/>), so that their slow batches delay nobody else. Lane routing only
/// improves batching and isolation; correctness comes from the engine's account locks, whatever
/// lane a command takes (an account turning heavy may briefly have commands in two lanes).
/// </summary>
public sealed class CommandDispatcher : IAsyncDisposable
{
    private readonly LedgerEngine _engine;
    private readonly ILogger<CommandDispatcher> _logger;
    private readonly Channel<PendingCommand>[] _lanes;
    // One transaction at a time per lane: held by the lane's worker while it applies a batch, or by
    // a caller applying its command inline.
    private readonly SemaphoreSlim[] _running;
    private readonly bool _inlineWhenIdle;
    private volatile bool _disposing;
    private readonly Task[] _workers;
    private readonly int _batchSizeMax;

    /// <summary>Starts <see cref="GroupCommitOptions.Lanes"/> lanes over <paramref name="engine"/>.</summary>
    public CommandDispatcher(LedgerEngine engine, GroupCommitOptions options, ILogger<CommandDispatcher> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Lanes, 1);
        _batchSizeMax = options.BatchSizeMax ?? GroupCommitOptions.BatchSizeDefault(engine.Provider);
        ArgumentOutOfRangeException.ThrowIfLessThan(_batchSizeMax, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueuedPerLaneMax, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HeavyAccountRows, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.HeavyAccountsKept);
        ArgumentOutOfRangeException.ThrowIfNegative(options.AccountsKept);
        _engine = engine;
        _logger = logger;
        Heavy = new HeavyPartitions(options.HeavyAccountRows);
        engine.Heavy = Heavy;
        engine.HeavyStates = options.HeavyAccountsKept > 0 ? new HeavyAccountCache(options.HeavyAccountRows, options.HeavyAccountsKept) : null;
        engine.WarmStates = engine.Provider == Data.DatabaseProvider.Postgres && options.AccountsKept > 0
            ? new WarmAccountCache(options.AccountsKept, options.HeavyAccountRows)
            : null;
        // The last lane is the heavy accounts'.
        _lanes = new Channel<PendingCommand>[options.Lanes + 1];
        _running = new SemaphoreSlim[_lanes.Length];
        // SQLite's driver does its I/O synchronously: inline, a caller's thread would be blocked for
        // the whole transaction (and callers arriving together would each run alone).
        _inlineWhenIdle = options.InlineWhenIdle && engine.Provider == Data.DatabaseProvider.Postgres;
        _workers = new Task[_lanes.Length];
        for (var lane = 0; lane < _lanes.Length; lane++)
        {
            _running[lane] = new SemaphoreSlim(1, 1);
            _lanes[lane] = Channel.CreateBounded<PendingCommand>(new BoundedChannelOptions(options.QueuedPerLaneMax)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            var reader = _lanes[lane].Reader;
            var running = _running[lane];
            _workers[lane] = Task.Run(() => RunLaneAsync(reader, running));
        }
    }

    /// <summary>Queues <paramref name="command"/> and returns its outcome once its batch has committed.</summary>
    public async Task<CommandOutcome<TResult>> SubmitAsync<TResult>(LedgerCommand<TResult> command, CancellationToken cancellationToken)
        where TResult : class
    {
        var lane = LaneOf(command);
        if (_inlineWhenIdle && !_disposing && _lanes[lane].Reader.Count == 0 && _running[lane].Wait(0, CancellationToken.None))
        {
            return await ApplyInlineAsync(command, _running[lane], cancellationToken);
        }
        var pending = new PendingCommand(command, cancellationToken);
        await _lanes[lane].Writer.WriteAsync(pending, cancellationToken);
        // The command's rule built the outcome from the command's own result type.
        return (CommandOutcome<TResult>)await pending.Outcome;
    }

    /// <summary>Stops accepting commands and waits for every queued or inline one to be applied.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposing = true;
        foreach (var lane in _lanes)
        {
            lane.Writer.TryComplete();
        }
        await Task.WhenAll(_workers);
        foreach (var running in _running)
        {
            await running.WaitAsync();
        }
    }

    /// <summary>The accounts whose commands take the heavy lane.</summary>
    public HeavyPartitions Heavy { get; }

    private int LaneOf(LedgerCommand command)
    {
        var partition = Rules.CommandRules.For(command).Partition(command);
        var ordinary = (uint)_lanes.Length - 1;
        return Heavy.Contains(partition) ? (int)ordinary : (int)(partition % ordinary);
    }

    /// <summary>
    /// Applies a lone command on the caller's thread while it holds its lane: the lane's queue was
    /// empty, so no earlier command is passed over, and commands arriving meanwhile queue for the
    /// lane's next batch as usual. This saves the two thread-pool hops of the queue (the worker's
    /// wake-up and the caller's resumption), which dominated a lone caller's server CPU (issue 21).
    /// </summary>
    private async Task<CommandOutcome<TResult>> ApplyInlineAsync<TResult>(LedgerCommand<TResult> command, SemaphoreSlim running, CancellationToken cancellationToken)
        where TResult : class
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            // As in a batch, the caller giving up no longer stops a command once it runs.
            var outcomes = await _engine.ExecuteAsync([command], CancellationToken.None);
            return (CommandOutcome<TResult>)outcomes[0];
        }
        finally
        {
            running.Release();
        }
    }

    private async Task RunLaneAsync(ChannelReader<PendingCommand> reader, SemaphoreSlim running)
    {
        var batch = new List<PendingCommand>(_batchSizeMax);
        while (await reader.WaitToReadAsync())
        {
            await running.WaitAsync();
            try
            {
                await DrainAndApplyAsync(reader, batch);
            }
            finally
            {
                running.Release();
            }
        }
    }

    private async Task DrainAndApplyAsync(ChannelReader<PendingCommand> reader, List<PendingCommand> batch)
    {
        batch.Clear();
        while (batch.Count < _batchSizeMax && reader.TryRead(out var pending))
        {
            if (pending.IsAbandoned)
            {
                pending.Abandon();
            }
            else
            {
                batch.Add(pending);
            }
        }
        if (batch.Count > 0)
        {
            await ApplyAsync(batch);
        }
    }

    private async Task ApplyAsync(List<PendingCommand> batch)
    {
        try
        {
            // The batch runs to its end even if a caller stops waiting: once a command has joined a
            // transaction its outcome is decided by the database, never by the caller.
            var outcomes = await _engine.ExecuteAsync(batch.ConvertAll(pending => pending.Command), CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Complete(outcomes[i]);
            }
        }
        catch (Exception exception) when (batch.Count > 1 && exception is not Errors.LedgerException)
        {
            // Something unexpected (a bug, not an operating error) failed the whole batch. Apply
            // each command alone so only the command that causes it fails.
            _logger.LogError(exception, "A batch of {CommandCount} commands failed; applying them one by one", batch.Count);
            foreach (var pending in batch)
            {
                await ApplyAsync([pending]);
            }
        }
        catch (Exception exception)
        {
            foreach (var pending in batch)
            {
                pending.Fail(exception);
            }
        }
    }
}

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
/// with one queued command runs it at once. One more lane serves heavy accounts alone
/// (<see cref="HeavyPartitions"/>), so that their slow batches delay nobody else. Lane routing only
/// improves batching and isolation; correctness comes from the engine's account locks, whatever
/// lane a command takes (an account turning heavy may briefly have commands in two lanes).
/// </summary>
public sealed class CommandDispatcher : IAsyncDisposable
{
    private readonly LedgerEngine _engine;
    private readonly ILogger<CommandDispatcher> _logger;
    private readonly Channel<PendingCommand>[] _lanes;
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
        _engine = engine;
        _logger = logger;
        Heavy = new HeavyPartitions(options.HeavyAccountRows);
        engine.Heavy = Heavy;
        engine.HeavyStates = options.HeavyAccountsKept > 0 ? new HeavyAccountCache(options.HeavyAccountRows, options.HeavyAccountsKept) : null;
        // The last lane is the heavy accounts'.
        _lanes = new Channel<PendingCommand>[options.Lanes + 1];
        _workers = new Task[_lanes.Length];
        for (var lane = 0; lane < _lanes.Length; lane++)
        {
            _lanes[lane] = Channel.CreateBounded<PendingCommand>(new BoundedChannelOptions(options.QueuedPerLaneMax)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            var reader = _lanes[lane].Reader;
            _workers[lane] = Task.Run(() => RunLaneAsync(reader));
        }
    }

    /// <summary>Queues <paramref name="command"/> and returns its outcome once its batch has committed.</summary>
    public async Task<CommandOutcome<TResult>> SubmitAsync<TResult>(LedgerCommand<TResult> command, CancellationToken cancellationToken)
        where TResult : class
    {
        var pending = new PendingCommand(command, cancellationToken);
        await _lanes[LaneOf(command)].Writer.WriteAsync(pending, cancellationToken);
        // The command's rule built the outcome from the command's own result type.
        return (CommandOutcome<TResult>)await pending.Outcome;
    }

    /// <summary>Stops accepting commands and waits for every queued one to be applied.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var lane in _lanes)
        {
            lane.Writer.TryComplete();
        }
        await Task.WhenAll(_workers);
    }

    /// <summary>The accounts whose commands take the heavy lane.</summary>
    public HeavyPartitions Heavy { get; }

    private int LaneOf(LedgerCommand command)
    {
        var partition = Rules.CommandRules.For(command).Partition(command);
        var ordinary = (uint)_lanes.Length - 1;
        return Heavy.Contains(partition) ? (int)ordinary : (int)(partition % ordinary);
    }

    private async Task RunLaneAsync(ChannelReader<PendingCommand> reader)
    {
        var batch = new List<PendingCommand>(_batchSizeMax);
        while (await reader.WaitToReadAsync())
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

using Credits.Ledger.Commands;

namespace Credits.Ledger.GroupCommit;

/// <summary>A command waiting in a lane, and the caller waiting for its outcome.</summary>
internal sealed class PendingCommand(LedgerCommand command, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource<CommandOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LedgerCommand Command { get; } = command;

    public Task<CommandOutcome> Outcome => _outcome.Task;

    /// <summary>True when the caller gave up before the command joined a batch; it is then never applied.</summary>
    public bool IsAbandoned => cancellationToken.IsCancellationRequested;

    public void Complete(CommandOutcome outcome) => _outcome.TrySetResult(outcome);

    public void Fail(Exception exception) => _outcome.TrySetException(exception);

    public void Abandon() => _outcome.TrySetCanceled(cancellationToken);
}

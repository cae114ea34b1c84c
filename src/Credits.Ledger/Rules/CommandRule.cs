using Credits.Ledger.Commands;
using Credits.Ledger.Engine;

namespace Credits.Ledger.Rules;

/// <summary>
/// The one place that owns a command: its validation, what it locks and loads, its lane and its
/// decision, with a typed result. Register each rule once in <see cref="CommandRules"/>.
/// </summary>
internal abstract class CommandRule<TCommand, TResult> : ICommandRule
    where TCommand : LedgerCommand<TResult>
    where TResult : class
{
    public Type CommandType => typeof(TCommand);

    /// <summary>Checks every field; throws <see cref="Errors.LedgerException"/> naming the first bad one.</summary>
    protected abstract void Validate(TCommand command);

    /// <summary>Resolves what the server decides before the engine (prices); the command by default.</summary>
    protected virtual TCommand Prepare(TCommand command, AdmissionContext context) => command;

    protected abstract void Declare(TCommand command, LoadPlan plan);

    protected abstract uint Partition(TCommand command);

    protected abstract Decision<TResult> Decide(TCommand command, Batch batch);

    LedgerCommand ICommandRule.Admit(LedgerCommand command, AdmissionContext context)
    {
        var typed = (TCommand)command;
        if (string.IsNullOrEmpty(typed.Actor))
        {
            throw new ArgumentException("Every command needs the authenticated caller as its actor.", nameof(command));
        }
        Validate(typed);
        return Prepare(typed, context);
    }

    void ICommandRule.Declare(LedgerCommand command, LoadPlan plan) => Declare((TCommand)command, plan);

    uint ICommandRule.Partition(LedgerCommand command) => Partition((TCommand)command);

    CommandOutcome ICommandRule.Refuse(Errors.LedgerError error) => new CommandOutcome<TResult>(null, error);

    CommandOutcome ICommandRule.Decide(LedgerCommand command, Batch batch)
    {
        var decision = Decide((TCommand)command, batch);
        return new CommandOutcome<TResult>(decision.Result, decision.Error);
    }
}

using Credits.Ledger.Commands;
using Credits.Ledger.Engine;

namespace Credits.Ledger.Rules;

/// <summary>
/// The face of a command's rule that the ledger, the dispatcher, the loader and the engine use,
/// whatever the command. Implemented only by <see cref="CommandRule{TCommand, TResult}"/>.
/// </summary>
internal interface ICommandRule
{
    /// <summary>The command type this rule owns.</summary>
    Type CommandType { get; }

    /// <summary>Checks the command's fields and resolves what it leaves to the server (a feature's price); bad input throws <see cref="Errors.LedgerException"/>.</summary>
    LedgerCommand Admit(LedgerCommand command, AdmissionContext context);

    /// <summary>Adds what the command must lock and read to the batch's plan.</summary>
    void Declare(LedgerCommand command, LoadPlan plan);

    /// <summary>The partition of the account the command changes, so commands on one account queue in one lane.</summary>
    uint Partition(LedgerCommand command);

    /// <summary>The outcome of a command refused before it reached the engine (bad input).</summary>
    CommandOutcome Refuse(Errors.LedgerError error);

    /// <summary>Decides the command against the batch's loaded state, in memory.</summary>
    CommandOutcome Decide(LedgerCommand command, Batch batch);
}

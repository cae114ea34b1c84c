using Credits.Ledger.Commands;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;

namespace Credits.Ledger.Holds;

/// <summary>
/// Commit: debits all or part of an active hold; the rest goes back to its lots. Keyed by the hold:
/// the same commit again returns the first outcome, another amount is HOLD_ALREADY_COMMITTED.
/// </summary>
internal sealed class CommitRule : CommandRule<CommitCommand, CommitResult>
{
    protected override void Validate(CommitCommand command)
    {
        Require.OpaqueId(command.HoldId, "hold_id");
        if (command.Amount is { } amount)
        {
            Require.Amount(amount, "amount");
        }
        Require.Metadata(command.Metadata);
    }

    protected override void Declare(CommitCommand command, LoadPlan plan) => plan.Hold(command.HoldId);

    protected override uint Partition(CommitCommand command) => Ids.PartitionOfHold(command.HoldId);

    protected override Decision<CommitResult> Decide(CommitCommand command, Batch batch)
    {
        if (batch.FindReservation(command.HoldId) is not (var account, var hold))
        {
            return LedgerErrors.HoldNotFound(command.HoldId);
        }
        var requested = command.Amount ?? hold.Amount;
        switch (hold.State)
        {
            case HoldState.Committed when requested == hold.Committed:
                return new CommitResult(hold.Committed, hold.Released, account.View(batch.Context.Now));
            case HoldState.Committed:
                return LedgerErrors.HoldAlreadyCommitted(hold.HoldId, hold.Committed);
            case HoldState.Released or HoldState.Expired:
                return LedgerErrors.HoldNotActive(hold.HoldId, HoldStates.Name(hold.State));
        }
        if (requested > hold.Amount)
        {
            return LedgerErrors.Invalid("amount", $"amount must be at most the {hold.Amount} credits held.");
        }
        account.Commit(hold, requested, command.Actor, command.Metadata, batch.Context);
        return new CommitResult(hold.Committed, hold.Released, account.View(batch.Context.Now));
    }
}

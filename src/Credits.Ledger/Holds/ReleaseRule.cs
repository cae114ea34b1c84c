using Credits.Ledger.Commands;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;

namespace Credits.Ledger.Holds;

/// <summary>Release: gives an active hold's credits back; releasing a released or expired hold again returns the same outcome.</summary>
internal sealed class ReleaseRule : CommandRule<ReleaseCommand, ReleaseResult>
{
    protected override void Validate(ReleaseCommand command) => Require.OpaqueId(command.HoldId, "hold_id");

    protected override void Declare(ReleaseCommand command, LoadPlan plan) => plan.Hold(command.HoldId);

    protected override uint Partition(ReleaseCommand command) => Ids.PartitionOfHold(command.HoldId);

    protected override Decision<ReleaseResult> Decide(ReleaseCommand command, Batch batch)
    {
        if (batch.FindReservation(command.HoldId) is not (var account, var hold))
        {
            return LedgerErrors.HoldNotFound(command.HoldId);
        }
        switch (hold.State)
        {
            case HoldState.Committed:
                return LedgerErrors.HoldNotActive(hold.HoldId, HoldStates.Name(hold.State));
            case HoldState.Active:
                account.Release(hold, command.Actor, batch.Context);
                break;
        }
        return new ReleaseResult(hold.Released, account.View(batch.Context.Now));
    }
}

using Credits.Ledger.Commands;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;

namespace Credits.Ledger.Holds;

/// <summary>
/// ExtendHold: an active hold expires <c>ttl</c> from now instead, if that is later than now set;
/// the whole life of a hold (reserve to expiry) is capped. Repeating it is harmless: the same or a
/// shorter ttl leaves the expiry where it is and returns it. A hold that ended (committed, released,
/// expired, even if the sweeper has not journalled it yet) is HOLD_NOT_ACTIVE; a freeze is not a
/// reservation (<see cref="Batch.FindReservation"/>) and reads as not found, as for Commit and Release.
/// </summary>
internal sealed class ExtendHoldRule : CommandRule<ExtendHoldCommand, ExtendHoldResult>
{
    protected override void Validate(ExtendHoldCommand command)
    {
        Require.OpaqueId(command.HoldId, "hold_id");
        if (command.Ttl < Limits.HoldTtlMin || command.Ttl > Limits.HoldTtlMax)
        {
            throw LedgerErrors.Invalid("ttl", "ttl must be 1 second to 24 hours.").ToException();
        }
    }

    protected override void Declare(ExtendHoldCommand command, LoadPlan plan) => plan.Hold(command.HoldId);

    protected override uint Partition(ExtendHoldCommand command) => Ids.PartitionOfHold(command.HoldId);

    protected override Decision<ExtendHoldResult> Decide(ExtendHoldCommand command, Batch batch)
    {
        if (batch.FindReservation(command.HoldId) is not (var account, var hold))
        {
            return LedgerErrors.HoldNotFound(command.HoldId);
        }
        if (!hold.IsActive)
        {
            return LedgerErrors.HoldNotActive(hold.HoldId, HoldStates.Name(hold.State));
        }
        var now = batch.Context.Now;
        var wanted = now + command.Ttl;
        var latest = hold.CreatedAt + batch.Context.Options.HoldLifetimeMax;
        if (wanted > latest)
        {
            return LedgerErrors.HoldLifetimeExceeded(hold.HoldId, batch.Context.Options.HoldLifetimeMax, latest);
        }
        if (wanted > hold.ExpiresAt)
        {
            account.ExtendHold(hold, wanted, command.Actor, batch.Context);
        }
        return new ExtendHoldResult(hold.ExpiresAt, account.View(now));
    }
}

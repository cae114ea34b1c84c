using Credits.Ledger.Commands;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Holds;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.Refunds;

/// <summary>
/// RefundCharge: gives back up to what a committed hold debited less earlier refunds. Decided under
/// the lock of the hold's account from the refunded-so-far stored on the hold row, so concurrent
/// refunds of one hold queue on that lock and never exceed the commit. The key is scoped by the hold
/// (the request names no account) and the command takes the hold's lane, like Commit.
/// </summary>
internal sealed class RefundChargeRule : KeyedCommandRule<RefundChargeCommand, RefundChargeResult>
{
    protected override void Validate(RefundChargeCommand command)
    {
        Require.OpaqueId(command.HoldId, "hold_id");
        if (command.Amount is { } amount)
        {
            Require.Amount(amount, "amount");
        }
        Require.Reference(command.Reason, "reason");
        Require.IdempotencyKey(command.IdempotencyKey);
    }

    public override IdempotencyScope KeyOf(RefundChargeCommand command) => new(command.HoldId, command.IdempotencyKey);

    public override string Fingerprint(RefundChargeCommand command) =>
        Digest("refund-charge", command.HoldId, command.Amount is { } amount ? N(amount) : "all", command.Reason);

    protected override void DeclareAccounts(RefundChargeCommand command, LoadPlan plan) => plan.RefundingHold(command.HoldId);

    protected override uint LanePartition(RefundChargeCommand command) => Ids.PartitionOfHold(command.HoldId);

    protected override Decision<RefundChargeResult> DecideOnce(RefundChargeCommand command, Batch batch)
    {
        if (batch.FindReservation(command.HoldId) is not (var account, var hold))
        {
            return LedgerErrors.HoldNotFound(command.HoldId);
        }
        if (hold.State != HoldState.Committed)
        {
            return LedgerErrors.HoldNotCommitted(hold.HoldId, HoldStates.Name(hold.State));
        }
        var amount = command.Amount ?? hold.Refundable;
        if (amount == 0 || amount > hold.Refundable)
        {
            return LedgerErrors.RefundExceedsCommitted(hold.HoldId, hold.Committed, hold.Refunded, command.Amount ?? 0);
        }
        if (account.RoomFor(amount, "amount") is { } full)
        {
            return full;
        }
        account.Refund(hold, amount, command, batch.Context);
        return new RefundChargeResult(amount, account.View(batch.Context.Now));
    }
}

using Credits.Ledger.Commands;
using Credits.Ledger.Engine;
using Credits.Ledger.Holds;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Refunds;

namespace Credits.Ledger.Accounts;

/// <summary>Refunds of committed holds (RefundCharge).</summary>
internal sealed partial class Account
{
    /// <summary>
    /// Gives <paramref name="amount"/> credits of a committed hold back, in <see cref="RefundOrder"/>:
    /// each part to the lot it came from when that lot is loaded (it still has credits), unexpired
    /// and has room; the rest as one <c>refund</c> lot valid for <see cref="RefundOptions.LotValidity"/>.
    /// The rule checked that the amount is refundable.
    /// </summary>
    public void Refund(Hold hold, long amount, RefundChargeCommand command, RuleContext context)
    {
        var planned = RefundOrder.Next(hold.CommittedParts, hold.Refunded, amount);
        hold.Refund(amount);
        var parts = new List<LotPart>();
        foreach (var part in planned)
        {
            // The rule loaded the account's spent lots too, so a lot the commit emptied is found; a
            // lot that expired meanwhile (or was never stored: a hold from before refunds existed) is not refilled.
            if (_lots.TryGetValue(part.LotId, out var lot) && !lot.IsExpiredAt(context.Now)
                && Math.Min(part.Amount, lot.Amount - lot.Remaining) is var room and > 0)
            {
                lot.Restore(room);
                Available += room;
                parts.Add(new LotPart(lot.LotId, room));
            }
        }
        var toNewLot = amount - parts.Sum(part => part.Amount);
        var lotId = "";
        if (toNewLot > 0)
        {
            var validity = context.Options.Refunds.LotValidity;
            var refundLot = AddLot(toNewLot, Bucket.Refund, context.Options.DefaultPriority(Bucket.Refund),
                validity is { } days ? context.Now + days : null, hold.HoldId, context);
            lotId = refundLot.LotId;
            parts.Add(new LotPart(refundLot.LotId, toNewLot));
        }
        Append(context, EntryKind.Refund, amount, command.Actor, command.IdempotencyKey, NoMetadata,
            lotId: lotId, holdId: hold.HoldId, parts: parts, feature: hold.Feature, bucket: toNewLot > 0 ? Bucket.Refund : null,
            reference: command.Reason);
    }
}

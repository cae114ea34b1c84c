using Credits.Audit.Tests.Checking;
using Credits.Audit.Tests.Support;
using Credits.Ledger.Commands;
using Credits.V1;
using Grpc.Core;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// RefundCharge, restated from the contract: never more than the commit less earlier refunds; the
/// last credits the commit drew come back first, each to the lot it came from while that lot lives
/// and has room (spent lots included), the rest as one refund lot valid for a year.
/// </summary>
public sealed partial class ModelLedger
{
    private static readonly long RefundLotValidityMs = (long)TimeSpan.FromDays(365).TotalMilliseconds;

    public Expected RefundCharge(RefundChargeCommand command)
    {
        if (command.Amount is <= 0)
        {
            return Expected.Fail(Invalid("amount"), ModelChannel.Ledger);
        }
        if (command.Reason.Length == 0)
        {
            Coverage.Count("refund without a reason refused");
            return Expected.Fail(Invalid("reason"), ModelChannel.Ledger);
        }
        var hold = _holdsById.GetValueOrDefault(command.HoldId);
        var account = hold is null ? null : Account(hold.AccountId);
        if (account is not null)
        {
            Touch(account, create: false);
        }
        // The key is the hold's: the request names no account.
        var fingerprint = string.Join('|', "refund-charge", command.HoldId, command.Amount is { } asked ? Number(asked) : "all", command.Reason);
        if (Replay(command.HoldId, command.IdempotencyKey, fingerprint, ModelChannel.Ledger) is { } replay)
        {
            return replay;
        }
        if (hold is null || account is null || hold.IsFreeze)
        {
            return Expected.Fail(HoldNotFound(command.HoldId), ModelChannel.Ledger);
        }
        if (hold.State != ModelHoldState.Committed)
        {
            Coverage.Count("refund of a hold that was not committed refused");
            return Expected.Fail(ExpectedError.Of(StatusCode.FailedPrecondition, "HOLD_NOT_COMMITTED", ("holdId", hold.Id!), ("state", hold.StateName)),
                ModelChannel.Ledger);
        }
        var refundable = hold.Committed - hold.Refunded;
        var amount = command.Amount ?? refundable;
        if (amount == 0 || amount > refundable)
        {
            Coverage.Count(command.Amount is null ? "refund of a fully refunded hold refused" : "refund beyond the commit less earlier refunds refused");
            return Expected.Fail(ExpectedError.Of(StatusCode.FailedPrecondition, "REFUND_EXCEEDS_COMMITTED", ("holdId", hold.Id!),
                ("committed", Number(hold.Committed)), ("refunded", Number(hold.Refunded)), ("requested", Number(command.Amount ?? 0))),
                ModelChannel.Ledger);
        }
        var parts = new List<ModelPart>();
        foreach (var part in RefundOrder(hold.CommittedParts, hold.Refunded, amount))
        {
            var room = Math.Min(part.Amount, part.Lot.Amount - part.Lot.Remaining);
            if (!part.Lot.IsExpiredAt(NowMs) && room > 0)
            {
                if (!account.Lots.Contains(part.Lot))
                {
                    Coverage.Count("refund returned credits to a spent lot");
                    account.Restore(part.Lot);
                }
                part.Lot.Remaining += room;
                parts.Add(new ModelPart(part.Lot, room));
            }
        }
        hold.Refunded += amount;
        var toNewLot = amount - parts.Sum(part => part.Amount);
        ModelLot? lot = null;
        if (toNewLot > 0)
        {
            Coverage.Count(parts.Count > 0 ? "refund split between its lots and a refund lot" : "refund arrived as a refund lot");
            lot = account.AddLot(Bucket.Refund, AuditConfiguration.DefaultPriorities[Bucket.Refund], NowMs + RefundLotValidityMs, NowMs, toNewLot);
            parts.Add(new ModelPart(lot, toNewLot));
        }
        else
        {
            Coverage.Count("refund went back to the lots it came from");
        }
        Coverage.Count(command.Amount is null ? "refund of all that was left" : "refund of part");
        account.Append(NowMs, EntryKind.Refund, amount, Actor, command.IdempotencyKey, NoMetadata, lot: lot, hold: hold, parts: parts,
            feature: hold.Feature, bucket: lot is null ? Bucket.Unspecified : Bucket.Refund, reference: command.Reason);
        var balance = View(account);
        string Reply() => LedgerReplies.RefundCharge(amount, balance);
        Remember(command.HoldId, command.IdempotencyKey, fingerprint, Reply);
        return Expected.Text(Reply);
    }

    /// <summary>The commit's parts backwards (the last credits spent come back first), from where earlier refunds stopped.</summary>
    private static List<ModelPart> RefundOrder(IReadOnlyList<ModelPart> committed, long refundedBefore, long amount)
    {
        var parts = new List<ModelPart>();
        var (skip, left) = (refundedBefore, amount);
        for (var index = committed.Count - 1; index >= 0 && left > 0; index--)
        {
            var skipped = Math.Min(skip, committed[index].Amount);
            skip -= skipped;
            var take = Math.Min(committed[index].Amount - skipped, left);
            if (take > 0)
            {
                parts.Add(committed[index] with { Amount = take });
                left -= take;
            }
        }
        return parts;
    }
}

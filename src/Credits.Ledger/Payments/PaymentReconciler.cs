using Credits.Ledger.Commands;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Lots;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Payments;

/// <summary>
/// Brings the ledger in line with everything known about one payment: the purchase granted once
/// paid, then each refund and dispute applied on top of it, whatever order their events came in.
/// Every step first records what it will send (amounts included), then sends ledger commands keyed
/// by the business object, then records that it is done: a crash in between repeats the same
/// commands, which the ledger applies once.
/// </summary>
internal sealed partial class PaymentReconciler(CreditLedger ledger, PaymentStore store, TimeProvider time, ILogger logger)
{
    private const string Actor = PaymentActors.Stripe;

    /// <summary>Note reasons, written into the journal's metadata for support.</summary>
    private const string AsyncPaymentFailed = "async_payment_failed";
    private const string UnknownPack = "unknown_pack";

    public async Task<PaymentOutcome> ReconcileAsync(string paymentId, CancellationToken cancellationToken)
    {
        var payment = await store.FindPaymentAsync(paymentId, cancellationToken);
        if (payment is null)
        {
            // Refunds and disputes of a purchase not seen yet wait for it.
            return PaymentOutcome.Pending;
        }
        var changed = await NoteAsync(payment, cancellationToken);
        if (payment.Status != (int)CheckoutStatus.Paid || payment.Credits == 0)
        {
            return changed ? PaymentOutcome.Applied
                : payment.Status == (int)CheckoutStatus.Failed ? PaymentOutcome.Unchanged : PaymentOutcome.Pending;
        }
        changed |= await GrantAsync(payment, cancellationToken);
        var refunds = await store.RefundsAsync(paymentId, cancellationToken);
        var disputes = await store.DisputesAsync(paymentId, cancellationToken);
        // Failed refunds first, so the shares of new claw-backs count only the refunds that stand.
        foreach (var refund in refunds)
        {
            changed |= await SettleFailedRefundAsync(payment, refund, cancellationToken);
        }
        foreach (var refund in refunds)
        {
            changed |= await ClawRefundAsync(payment, refund, refunds, disputes, cancellationToken);
        }
        foreach (var dispute in disputes)
        {
            changed |= await SettleDisputeAsync(payment, dispute, refunds, disputes, cancellationToken);
        }
        return changed ? PaymentOutcome.Applied : PaymentOutcome.Unchanged;
    }

    private async Task<bool> NoteAsync(PaymentRow payment, CancellationToken cancellationToken)
    {
        var reason = payment.Status switch
        {
            (int)CheckoutStatus.Failed => AsyncPaymentFailed,
            (int)CheckoutStatus.Paid when payment.Credits == 0 => UnknownPack,
            _ => null,
        };
        if (reason is null || payment.NotedReason == reason)
        {
            return false;
        }
        await ledger.NoteAsync(new NoteCommand(Actor, payment.AccountId, payment.SessionId, PaymentKeys.Note(payment.SessionId, reason),
            Metadata(payment, reason)), cancellationToken);
        payment.NotedReason = reason;
        await SaveAsync(payment, cancellationToken);
        return true;
    }

    private async Task<bool> GrantAsync(PaymentRow payment, CancellationToken cancellationToken)
    {
        if (payment.PurchaseLotId is not null)
        {
            return false;
        }
        if (payment.ExpiresAtMs is null && payment.ValidityMonths is > 0 and var months)
        {
            // Fixed before the grant is sent: a retry must send the same expiry, or the ledger
            // would see a different request under the same idempotency key.
            payment.ExpiresAtMs = Clock.ToMs(Clock.Now(time).AddMonths(months));
            await SaveAsync(payment, cancellationToken);
        }
        var expiresAt = Clock.FromMs(payment.ExpiresAtMs);
        var metadata = Metadata(payment, "purchase");
        var commands = new List<GrantCommand>
        {
            new(Actor, payment.AccountId, payment.Credits, Bucket.Purchased, expiresAt, null, payment.SessionId,
                PaymentKeys.Purchase(payment.SessionId), metadata),
        };
        if (payment.BonusCredits > 0)
        {
            commands.Add(new GrantCommand(Actor, payment.AccountId, payment.BonusCredits, Bucket.Promo, expiresAt, null, payment.SessionId,
                PaymentKeys.PurchaseBonus(payment.SessionId), metadata));
        }
        // The receipt rides on the last grant, so the balance stored beside it includes the bonus.
        commands[^1] = commands[^1] with { Notification = PurchaseReceipt.For(payment) };
        var outcomes = await ledger.ExecuteBatchAsync(commands, cancellationToken);
        payment.PurchaseLotId = outcomes[0].ResultOf(commands[0]).LotId;
        payment.BonusLotId = payment.BonusCredits > 0 ? outcomes[1].ResultOf(commands[1]).LotId : null;
        await SaveAsync(payment, cancellationToken);
        LogGranted(payment.PaymentId, payment.AccountId, payment.Credits, payment.BonusCredits);
        return true;
    }

    private async Task<bool> SettleFailedRefundAsync(PaymentRow payment, PaymentRefundRow refund, CancellationToken cancellationToken)
    {
        if (refund.Status < (int)RefundStatus.Failed)
        {
            return false;
        }
        switch ((RefundState)refund.State)
        {
            case RefundState.Waiting:
                // Failed before anything was taken (its events arrived out of order): nothing to undo.
                refund.State = (int)RefundState.Void;
                await SaveAsync(refund, cancellationToken);
                return false;
            case RefundState.Clawing or RefundState.Clawed:
                var commands = new List<LedgerCommand>();
                if (refund.ClawCredits > 0)
                {
                    commands.Add(new ReverseClawbackCommand(Actor, payment.AccountId, refund.RefundId, PaymentKeys.RefundReverse(refund.RefundId)));
                }
                if (refund.ClawBonus > 0)
                {
                    commands.Add(new ReverseClawbackCommand(Actor, payment.AccountId, PaymentKeys.OnBonus(refund.RefundId),
                        PaymentKeys.OnBonus(PaymentKeys.RefundReverse(refund.RefundId))));
                }
                await ExecuteAsync(commands, cancellationToken);
                refund.State = (int)RefundState.Reversed;
                await SaveAsync(refund, cancellationToken);
                return commands.Count > 0;
            default:
                return false;
        }
    }

    private async Task<bool> ClawRefundAsync(PaymentRow payment, PaymentRefundRow refund, List<PaymentRefundRow> refunds,
        List<PaymentDisputeRow> disputes, CancellationToken cancellationToken)
    {
        if (refund.State == (int)RefundState.Waiting && refund.Status < (int)RefundStatus.Failed)
        {
            (refund.ClawCredits, refund.ClawBonus) = Shares(payment, refunds, disputes, refund.Amount);
            refund.State = (int)RefundState.Clawing;
            await SaveAsync(refund, cancellationToken);
        }
        if (refund.State != (int)RefundState.Clawing)
        {
            return false;
        }
        var commands = Clawbacks(payment, refund.RefundId, PaymentKeys.Refund(refund.RefundId), refund.ClawCredits, refund.ClawBonus, "refund");
        await ExecuteAsync(commands, cancellationToken);
        refund.State = (int)RefundState.Clawed;
        await SaveAsync(refund, cancellationToken);
        return commands.Count > 0;
    }

    private async Task<bool> SettleDisputeAsync(PaymentRow payment, PaymentDisputeRow dispute, List<PaymentRefundRow> refunds,
        List<PaymentDisputeRow> disputes, CancellationToken cancellationToken)
    {
        var status = (DisputeStatus)dispute.Status;
        var state = (DisputeState)dispute.State;
        switch (status, state)
        {
            case (DisputeStatus.Open, DisputeState.Waiting):
                var frozen = await FreezeAsync(payment, dispute.DisputeId, cancellationToken);
                dispute.State = (int)DisputeState.Frozen;
                await SaveAsync(dispute, cancellationToken);
                return frozen;
            case (DisputeStatus.Won, DisputeState.Waiting):
                // Won before the freeze was ever applied: nothing to release.
                dispute.State = (int)DisputeState.Released;
                await SaveAsync(dispute, cancellationToken);
                return false;
            case (DisputeStatus.Won, DisputeState.Frozen):
                await ExecuteAsync(Unfreezes(payment, dispute.DisputeId), cancellationToken);
                dispute.State = (int)DisputeState.Released;
                await SaveAsync(dispute, cancellationToken);
                return true;
            case (DisputeStatus.Lost, DisputeState.Waiting or DisputeState.Frozen):
                (dispute.ClawCredits, dispute.ClawBonus) = Shares(payment, refunds, disputes, dispute.Amount);
                dispute.State = (int)DisputeState.Clawing;
                await SaveAsync(dispute, cancellationToken);
                return await ClawDisputeAsync(payment, dispute, cancellationToken);
            case (DisputeStatus.Lost, DisputeState.Clawing):
                return await ClawDisputeAsync(payment, dispute, cancellationToken);
            default:
                return false;
        }
    }

    // The freeze ends in the same transaction as the claw-back, which then takes the unfrozen
    // credits first; if the dispute was never frozen, the unfreeze finds nothing and changes nothing.
    private async Task<bool> ClawDisputeAsync(PaymentRow payment, PaymentDisputeRow dispute, CancellationToken cancellationToken)
    {
        var commands = Unfreezes(payment, dispute.DisputeId);
        commands.AddRange(Clawbacks(payment, dispute.DisputeId, PaymentKeys.DisputeClawback(dispute.DisputeId),
            dispute.ClawCredits, dispute.ClawBonus, "dispute_lost"));
        await ExecuteAsync(commands, cancellationToken);
        dispute.State = (int)DisputeState.Clawed;
        await SaveAsync(dispute, cancellationToken);
        return true;
    }

    private async Task<bool> FreezeAsync(PaymentRow payment, string disputeId, CancellationToken cancellationToken)
    {
        var commands = new List<LedgerCommand>
        {
            new FreezeCommand(Actor, payment.AccountId, payment.PurchaseLotId!, disputeId, PaymentKeys.DisputeFreeze(disputeId)),
        };
        if (payment.BonusLotId is { } bonusLot)
        {
            commands.Add(new FreezeCommand(Actor, payment.AccountId, bonusLot, PaymentKeys.OnBonus(disputeId),
                PaymentKeys.OnBonus(PaymentKeys.DisputeFreeze(disputeId))));
        }
        var outcomes = await ExecuteAsync(commands, cancellationToken);
        return outcomes.Any(outcome => outcome is CommandOutcome<FreezeResult> { Result.Frozen: > 0 });
    }

    private static List<LedgerCommand> Unfreezes(PaymentRow payment, string disputeId)
    {
        var commands = new List<LedgerCommand>
        {
            new UnfreezeCommand(Actor, payment.AccountId, disputeId, PaymentKeys.DisputeUnfreeze(disputeId)),
        };
        if (payment.BonusLotId is not null)
        {
            commands.Add(new UnfreezeCommand(Actor, payment.AccountId, PaymentKeys.OnBonus(disputeId),
                PaymentKeys.OnBonus(PaymentKeys.DisputeUnfreeze(disputeId))));
        }
        return commands;
    }

    /// <summary>Claw-backs of the purchase's credits (from its lot first) and of its bonus (from the bonus lot first).</summary>
    private static List<LedgerCommand> Clawbacks(PaymentRow payment, string reference, string key, long credits, long bonus, string reason)
    {
        var commands = new List<LedgerCommand>();
        if (credits > 0)
        {
            commands.Add(new ClawbackCommand(Actor, payment.AccountId, credits, payment.PurchaseLotId, reference, key, Metadata(payment, reason)));
        }
        if (bonus > 0)
        {
            commands.Add(new ClawbackCommand(Actor, payment.AccountId, bonus, payment.BonusLotId, PaymentKeys.OnBonus(reference),
                PaymentKeys.OnBonus(key), Metadata(payment, reason)));
        }
        return commands;
    }

    /// <summary>The credits and bonus credits that <paramref name="money"/> takes back, given the claw-backs already fixed.</summary>
    private static (long Credits, long Bonus) Shares(PaymentRow payment, List<PaymentRefundRow> refunds, List<PaymentDisputeRow> disputes,
        long money)
    {
        var applied = refunds.Where(refund => refund.State is (int)RefundState.Clawing or (int)RefundState.Clawed)
            .Select(refund => (refund.Amount, refund.ClawCredits, refund.ClawBonus))
            .Concat(disputes.Where(dispute => dispute.State is (int)DisputeState.Clawing or (int)DisputeState.Clawed)
                .Select(dispute => (dispute.Amount, dispute.ClawCredits, dispute.ClawBonus)))
            .ToList();
        var moneyBefore = applied.Sum(claim => claim.Amount);
        return (ClawbackShare.Next(payment.Credits, payment.AmountTotal, moneyBefore, applied.Sum(claim => claim.ClawCredits), money),
            ClawbackShare.Next(payment.BonusCredits, payment.AmountTotal, moneyBefore, applied.Sum(claim => claim.ClawBonus), money));
    }

    private async Task<IReadOnlyList<CommandOutcome>> ExecuteAsync(List<LedgerCommand> commands, CancellationToken cancellationToken)
    {
        if (commands.Count == 0)
        {
            return [];
        }
        var outcomes = await ledger.ExecuteBatchAsync(commands, cancellationToken);
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i].Error is { } error)
            {
                throw error.ToException();
            }
            // A claw-back is applied once per reference, beyond the idempotency key's retention: met
            // again, it was applied by an earlier attempt whose completion was not recorded.
            if (commands[i] is ClawbackCommand clawback && outcomes[i].ResultOf(clawback).AlreadyApplied)
            {
                LogAlreadyApplied(clawback.Reference, clawback.AccountId);
            }
        }
        return outcomes;
    }

    private Task SaveAsync(PaymentRow row, CancellationToken cancellationToken)
    {
        row.UpdatedAtMs = Clock.ToMs(Clock.Now(time));
        return store.UpdateAsync(row, cancellationToken);
    }

    private Task SaveAsync(PaymentRefundRow row, CancellationToken cancellationToken)
    {
        row.UpdatedAtMs = Clock.ToMs(Clock.Now(time));
        return store.UpdateAsync(row, cancellationToken);
    }

    private Task SaveAsync(PaymentDisputeRow row, CancellationToken cancellationToken)
    {
        row.UpdatedAtMs = Clock.ToMs(Clock.Now(time));
        return store.UpdateAsync(row, cancellationToken);
    }

    private static Dictionary<string, string> Metadata(PaymentRow payment, string reason) => new(StringComparer.Ordinal)
    {
        ["reason"] = reason,
        ["paymentId"] = payment.PaymentId,
        ["packId"] = payment.PackId,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} granted {Credits} credits and {BonusCredits} bonus credits to {AccountId}")]
    private partial void LogGranted(string paymentId, string accountId, long credits, long bonusCredits);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claw-back {Reference} of {AccountId} was applied before; its completion is recorded now")]
    private partial void LogAlreadyApplied(string reference, string accountId);
}

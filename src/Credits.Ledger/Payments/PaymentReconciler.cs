using Credits.Ledger.Commands;
using Credits.Ledger.Data.Payments;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Lots;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Payments;

// Brings the ledger in line with everything known about one payment: the purchase granted once
// paid, then each refund and dispute applied on top of it, whatever order their events came in.
// Every step first records what it will send (amounts included), then sends ledger commands keyed
// by the business object, then records that it is done: a crash in between repeats the same
// commands, which the ledger applies once. The payment decides which step is allowed; this class
// sends the commands for it.
internal sealed partial class PaymentReconciler(CreditLedger ledger, PaymentRepository payments, TimeProvider time, ILogger logger)
{
    private const string Actor = PaymentActors.Stripe;

    public async Task<PaymentOutcome> ReconcileAsync(string paymentId, CancellationToken cancellationToken)
    {
        var payment = await payments.LoadAsync(paymentId, cancellationToken);
        if (!payment.IsCheckoutKnown)
        {
            // Refunds and disputes of a purchase not seen yet wait for it.
            return PaymentOutcome.Pending;
        }
        var changed = await NoteAsync(payment, cancellationToken);
        if (!payment.IsGrantable)
        {
            return changed ? PaymentOutcome.Applied
                : payment.Status == CheckoutStatus.Failed ? PaymentOutcome.Unchanged : PaymentOutcome.Pending;
        }
        changed |= await GrantAsync(payment, cancellationToken);
        // Failed refunds first, so the shares of new claw-backs count only the refunds that stand.
        foreach (var refund in payment.Refunds)
        {
            changed |= await SettleFailedRefundAsync(payment, refund, cancellationToken);
        }
        foreach (var refund in payment.Refunds)
        {
            changed |= await ClawRefundAsync(payment, refund, cancellationToken);
        }
        foreach (var dispute in payment.Disputes)
        {
            changed |= await SettleDisputeAsync(payment, dispute, cancellationToken);
        }
        return changed ? PaymentOutcome.Applied : PaymentOutcome.Unchanged;
    }

    private async Task<bool> NoteAsync(Payment payment, CancellationToken cancellationToken)
    {
        if (payment.NoteDue is not { } reason)
        {
            return false;
        }
        await ledger.NoteAsync(new NoteCommand(Actor, payment.AccountId, payment.SessionId, PaymentKeys.Note(payment.SessionId, reason),
            Metadata(payment, reason)), cancellationToken);
        payment.MarkNoted(reason);
        await payments.SaveAsync(payment, cancellationToken);
        return true;
    }

    private async Task<bool> GrantAsync(Payment payment, CancellationToken cancellationToken)
    {
        if (payment.IsGranted)
        {
            return false;
        }
        payment.FixExpiry(Clock.Now(time));
        await payments.SaveAsync(payment, cancellationToken);
        var metadata = Metadata(payment, "purchase");
        // Each grant is once per payment reference for good, not only while its key is kept: a crash
        // between the grant and MarkGranted, met again after the key expired, grants nothing twice.
        var commands = new List<GrantCommand>
        {
            new(Actor, payment.AccountId, payment.Credits, Bucket.Purchased, payment.ExpiresAt, null, payment.SessionId,
                PaymentKeys.Purchase(payment.SessionId), metadata) { PaymentReference = PaymentKeys.Purchase(payment.SessionId) },
        };
        if (payment.BonusCredits > 0)
        {
            commands.Add(new GrantCommand(Actor, payment.AccountId, payment.BonusCredits, Bucket.Promo, payment.ExpiresAt, null, payment.SessionId,
                PaymentKeys.PurchaseBonus(payment.SessionId), metadata) { PaymentReference = PaymentKeys.PurchaseBonus(payment.SessionId) });
        }
        // A bundle's further lots, in the same transaction, each with its own bucket, expiry and features.
        for (var i = 0; i < payment.Lots.Count; i++)
        {
            var lot = payment.Lots[i];
            var reference = PaymentKeys.OnLot(PaymentKeys.Purchase(payment.SessionId), i);
            commands.Add(new GrantCommand(Actor, payment.AccountId, lot.Lot.Credits, lot.Lot.Bucket, lot.ExpiresAt, null, payment.SessionId,
                reference, metadata) { PaymentReference = reference, Features = lot.Lot.Features });
        }
        // The receipt rides on the last grant, so the balance stored beside it includes the bonus.
        commands[^1] = commands[^1] with { Notification = PurchaseReceipt.For(payment) };
        // The referral step rides in the grant's transaction: the payer stops being new, and a
        // referred payer's first payment rewards both sides once (keyed by the payment).
        var referral = new RewardReferralCommand(Actor, payment.AccountId, await ledger.ReferrerOfAsync(payment.AccountId, cancellationToken),
            payment.SessionId, PaymentKeys.ReferralReward(payment.SessionId));
        var outcomes = await ledger.ExecuteBatchAsync([.. commands, referral], cancellationToken);
        var purchase = outcomes[0].ResultOf(commands[0]);
        if (outcomes[^1].Error is { } referralError)
        {
            // Not marked granted: the provider's retry sends the grant again (applied once) with the referral.
            throw referralError.ToException();
        }
        if (purchase.AlreadyApplied)
        {
            LogAlreadyApplied(commands[0].Reference, payment.AccountId);
        }
        var purchaseLotId = purchase.LotId;
        var firstLot = payment.BonusCredits > 0 ? 2 : 1;
        payment.MarkGranted(purchaseLotId, payment.BonusCredits > 0 ? outcomes[1].ResultOf(commands[1]).LotId : null,
            [.. payment.Lots.Select((_, i) => outcomes[firstLot + i].ResultOf(commands[firstLot + i]).LotId)]);
        await payments.SaveAsync(payment, cancellationToken);
        if (purchase.AlreadyApplied)
        {
            return false;
        }
        LogGranted(payment.PaymentId, payment.AccountId, payment.Credits, payment.BonusCredits);
        return true;
    }

    private async Task<bool> SettleFailedRefundAsync(Payment payment, PaymentRefund refund, CancellationToken cancellationToken)
    {
        if (!refund.HasFailed)
        {
            return false;
        }
        switch (refund.State)
        {
            case RefundState.Waiting:
                // Failed before anything was taken (its events arrived out of order): nothing to undo.
                refund.Void();
                await payments.SaveAsync(payment, cancellationToken);
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
                for (var i = 0; i < payment.Lots.Count; i++)
                {
                    if (payment.LotShare(i, refund.ClawCredits) > 0)
                    {
                        commands.Add(new ReverseClawbackCommand(Actor, payment.AccountId, PaymentKeys.OnLot(refund.RefundId, i),
                            PaymentKeys.OnLot(PaymentKeys.RefundReverse(refund.RefundId), i)));
                    }
                }
                await ExecuteAsync(commands, cancellationToken);
                refund.MarkReversed();
                await payments.SaveAsync(payment, cancellationToken);
                return commands.Count > 0;
            default:
                return false;
        }
    }

    private async Task<bool> ClawRefundAsync(Payment payment, PaymentRefund refund, CancellationToken cancellationToken)
    {
        if (refund.State == RefundState.Waiting && !refund.HasFailed)
        {
            payment.StartRefundClawback(refund);
            await payments.SaveAsync(payment, cancellationToken);
        }
        if (refund.State != RefundState.Clawing)
        {
            return false;
        }
        var commands = Clawbacks(payment, refund.RefundId, PaymentKeys.Refund(refund.RefundId), refund.ClawCredits, refund.ClawBonus, "refund");
        await ExecuteAsync(commands, cancellationToken);
        refund.MarkClawed();
        await payments.SaveAsync(payment, cancellationToken);
        return commands.Count > 0;
    }

    private async Task<bool> SettleDisputeAsync(Payment payment, PaymentDispute dispute, CancellationToken cancellationToken)
    {
        switch (dispute.Status, dispute.State)
        {
            case (DisputeStatus.Open, DisputeState.Waiting):
                var frozen = await FreezeAsync(payment, dispute.DisputeId, cancellationToken);
                payment.MarkDisputeFrozen(dispute);
                await payments.SaveAsync(payment, cancellationToken);
                return frozen;
            case (DisputeStatus.Won, DisputeState.Waiting):
                // Won before the freeze was ever applied: nothing to release.
                dispute.Release();
                await payments.SaveAsync(payment, cancellationToken);
                return false;
            case (DisputeStatus.Won, DisputeState.Frozen):
                await ExecuteAsync(Unfreezes(payment, dispute.DisputeId), cancellationToken);
                dispute.Release();
                await payments.SaveAsync(payment, cancellationToken);
                return true;
            case (DisputeStatus.Lost, DisputeState.Waiting or DisputeState.Frozen):
                payment.StartDisputeClawback(dispute);
                await payments.SaveAsync(payment, cancellationToken);
                return await ClawDisputeAsync(payment, dispute, cancellationToken);
            case (DisputeStatus.Lost, DisputeState.Clawing):
                return await ClawDisputeAsync(payment, dispute, cancellationToken);
            default:
                return false;
        }
    }

    // The freeze ends in the same transaction as the claw-back, which then takes the unfrozen
    // credits first; if the dispute was never frozen, the unfreeze finds nothing and changes nothing.
    private async Task<bool> ClawDisputeAsync(Payment payment, PaymentDispute dispute, CancellationToken cancellationToken)
    {
        var commands = Unfreezes(payment, dispute.DisputeId);
        commands.AddRange(Clawbacks(payment, dispute.DisputeId, PaymentKeys.DisputeClawback(dispute.DisputeId),
            dispute.ClawCredits, dispute.ClawBonus, "dispute_lost"));
        await ExecuteAsync(commands, cancellationToken);
        dispute.MarkClawed();
        await payments.SaveAsync(payment, cancellationToken);
        return true;
    }

    private async Task<bool> FreezeAsync(Payment payment, string disputeId, CancellationToken cancellationToken)
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
        for (var i = 0; i < payment.Lots.Count; i++)
        {
            commands.Add(new FreezeCommand(Actor, payment.AccountId, payment.Lots[i].LotId!, PaymentKeys.OnLot(disputeId, i),
                PaymentKeys.OnLot(PaymentKeys.DisputeFreeze(disputeId), i)));
        }
        var outcomes = await ExecuteAsync(commands, cancellationToken);
        return outcomes.Any(outcome => outcome is CommandOutcome<FreezeResult> { Result.Frozen: > 0 });
    }

    private static List<LedgerCommand> Unfreezes(Payment payment, string disputeId)
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
        for (var i = 0; i < payment.Lots.Count; i++)
        {
            commands.Add(new UnfreezeCommand(Actor, payment.AccountId, PaymentKeys.OnLot(disputeId, i),
                PaymentKeys.OnLot(PaymentKeys.DisputeUnfreeze(disputeId), i)));
        }
        return commands;
    }

    // Claw-backs of the purchase's credits (from its lot first), of its bonus (from the bonus lot first) and of a bundle's further lots.
    private static List<LedgerCommand> Clawbacks(Payment payment, string reference, string key, long credits, long bonus, string reason)
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
        // A bundle's further lots give back the same fraction of themselves (Payment.LotShare), each from its own lot first.
        for (var i = 0; i < payment.Lots.Count; i++)
        {
            if (payment.LotShare(i, credits) is > 0 and var share)
            {
                commands.Add(new ClawbackCommand(Actor, payment.AccountId, share, payment.Lots[i].LotId, PaymentKeys.OnLot(reference, i),
                    PaymentKeys.OnLot(key, i), Metadata(payment, reason)));
            }
        }
        return commands;
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

    private static Dictionary<string, string> Metadata(Payment payment, string reason) => new(StringComparer.Ordinal)
    {
        ["reason"] = reason,
        ["paymentId"] = payment.PaymentId,
        ["packId"] = payment.PackId,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} granted {Credits} credits and {BonusCredits} bonus credits to {AccountId}")]
    private partial void LogGranted(string paymentId, string accountId, long credits, long bonusCredits);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claw-back or grant {Reference} of {AccountId} was applied before; its completion is recorded now")]
    private partial void LogAlreadyApplied(string reference, string accountId);
}

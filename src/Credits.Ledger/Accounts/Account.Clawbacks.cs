using Credits.Ledger.Clawbacks;
using Credits.Ledger.Commands;
using Credits.Ledger.Engine;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Accounts;

/// <summary>Claw-backs, the debts they leave, their repayment and their reversal.</summary>
internal sealed partial class Account
{
    /// <summary>
    /// Takes <see cref="ClawbackCommand.Amount"/> back: from the named lot first, then from other
    /// available credits in burn-down order; what was already spent becomes owed. The rule checked
    /// that no claw-back with the same reference exists.
    /// </summary>
    public Clawback Clawback(ClawbackCommand command, RuleContext context)
    {
        var preferred = command.LotId is { } lotId && _lots.TryGetValue(lotId, out var lot) ? lot : null;
        var order = preferred is null
            ? BurnDown.Order(_lots.Values)
            : new[] { preferred }.Concat(BurnDown.Order(_lots.Values.Where(other => other != preferred)));
        var taken = BurnDown.Take(order, command.Amount, source => source.AvailableAt(context.Now));
        foreach (var (source, amount) in taken)
        {
            TakeFrom(source, amount);
        }
        var parts = Parts(taken);
        var left = command.Amount - parts.Sum(part => part.Amount);
        Owed += left;
        var clawback = new Clawback
        {
            AccountId = AccountId,
            Reference = command.Reference,
            Amount = command.Amount,
            TakenParts = parts,
            OwedInitial = left,
            OwedOutstanding = left,
            CreatedAt = context.Now,
            IsNew = true,
        };
        _clawbacks.Add(clawback.Reference, clawback);
        Append(context, EntryKind.Clawback, -(command.Amount - left), command.Actor, command.IdempotencyKey, command.Metadata,
            lotId: command.LotId ?? "", parts: parts, reference: command.Reference);
        return clawback;
    }

    /// <summary>Undoes a claw-back; returns what came back and the debt cancelled. Unknown or reversed: nothing.</summary>
    public (long Returned, long DebtCancelled) ReverseClawback(ReverseClawbackCommand command, RuleContext context)
    {
        if (!_clawbacks.TryGetValue(command.Reference, out var clawback) || clawback.Reversed)
        {
            return (0, 0);
        }
        var parts = new List<LotPart>();
        foreach (var part in clawback.TakenParts.Where(part => _lots.ContainsKey(part.LotId)))
        {
            _lots[part.LotId].Restore(part.Amount);
            Available += part.Amount;
            parts.Add(part);
        }
        var returnedToLots = parts.Sum(part => part.Amount);
        var repaid = clawback.Repaid;
        var cancelled = clawback.Reverse();
        Owed -= cancelled;
        if (repaid > 0)
        {
            // What later grants repaid towards this debt comes back as its own lot: those grants'
            // lots may be gone, and the credits are the customer's again.
            var refund = AddLot(repaid, Bucket.Refund, context.Options.DefaultPriority(Bucket.Refund), null, command.Reference, context);
            parts.Add(new LotPart(refund.LotId, repaid));
        }
        Append(context, EntryKind.ClawbackReverse, returnedToLots + repaid, command.Actor, command.IdempotencyKey, NoMetadata,
            parts: parts, reference: command.Reference);
        // Credits returned to lots that expired meanwhile expire at once.
        ExpireLots(context);
        return (returnedToLots + repaid, cancelled);
    }

    /// <summary>Takes what is owed from credits that just arrived, oldest debt first.</summary>
    private void RepayDebts(IReadOnlyList<Lot> arrived, string actor, RuleContext context)
    {
        foreach (var clawback in _clawbacks.Values.Where(debt => debt.OwedOutstanding > 0).OrderBy(debt => debt.CreatedAt)
                     .ThenBy(debt => debt.Reference, StringComparer.Ordinal))
        {
            var taken = BurnDown.Take(arrived, clawback.OwedOutstanding, lot => lot.AvailableAt(context.Now));
            if (taken.Count == 0)
            {
                return;
            }
            foreach (var (lot, amount) in taken)
            {
                TakeFrom(lot, amount);
                clawback.Repay(amount);
                Owed -= amount;
            }
            Append(context, EntryKind.Clawback, -taken.Sum(part => part.Amount), actor, "", NoMetadata,
                parts: Parts(taken), reference: clawback.Reference);
        }
    }
}

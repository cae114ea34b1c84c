using Credits.Ledger.Commands;
using Credits.Ledger.Engine;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Accounts;

/// <summary>Operators' adjustments: credits added as an adjustment lot, or taken in burn-down order.</summary>
internal sealed partial class Account
{
    /// <summary>Adds an adjustment lot (no expiry, the bucket's default priority); it first repays what the account owes.</summary>
    public Lot AddAdjustment(AdjustCommand command, RuleContext context)
    {
        var lot = AddLot(command.Amount, Bucket.Adjustment, context.Options.DefaultPriority(Bucket.Adjustment), null, command.Reason, context);
        Append(context, EntryKind.Adjustment, command.Amount, command.Actor, command.IdempotencyKey, NoMetadata,
            lotId: lot.LotId, parts: [new LotPart(lot.LotId, lot.Amount)], bucket: lot.Bucket, reference: command.Reason);
        RepayDebts([lot], command.Actor, context);
        return lot;
    }

    /// <summary>
    /// Takes -<see cref="AdjustCommand.Amount"/> available credits in burn-down order, from unscoped
    /// lots only (an adjustment corrects the spendable balance); the rule checked they are available.
    /// </summary>
    public void RemoveAdjustment(AdjustCommand command, RuleContext context)
    {
        var taken = BurnDown.Take(BurnDown.Spendable(_lots.Values, feature: null), -command.Amount, lot => lot.AvailableAt(context.Now));
        if (taken.Sum(part => part.Amount) != -command.Amount)
        {
            throw new InvalidOperationException($"Account {AccountId} has {Available} available but burn-down found less than {-command.Amount}.");
        }
        foreach (var (lot, amount) in taken)
        {
            TakeFrom(lot, amount);
        }
        Append(context, EntryKind.Adjustment, command.Amount, command.Actor, command.IdempotencyKey, NoMetadata,
            parts: Parts(taken), reference: command.Reason);
    }
}

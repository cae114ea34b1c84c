using Credits.Ledger.Engine;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Accounts;

/// <summary>Leads: the one-time free allowance, and the move of what is left to the user who signed up.</summary>
internal sealed partial class Account
{
    /// <summary>Removes every available credit for a transfer; the lots given are copied by the receiver.</summary>
    public List<(Lot Lot, long Amount)> TransferOut(string toAccountId, string actor, string idempotencyKey, RuleContext context)
    {
        var moved = BurnDown.Take(BurnDown.Order(_lots.Values), amount: null, lot => lot.AvailableAt(context.Now));
        foreach (var (lot, amount) in moved)
        {
            TakeFrom(lot, amount);
        }
        Append(context, EntryKind.TransferOut, -moved.Sum(item => item.Amount), actor, idempotencyKey, NoMetadata,
            parts: Parts(moved), reference: toAccountId);
        return moved;
    }

    /// <summary>Adds copies of transferred lots: same bucket, expiry, priority and feature scope. The rule checked there is room.</summary>
    public void TransferIn(string fromAccountId, IReadOnlyList<(Lot Lot, long Amount)> moved, string actor,
        string idempotencyKey, RuleContext context)
    {
        var arrived = moved.Select(item => AddLot(item.Amount, item.Lot.Bucket, item.Lot.Priority, item.Lot.ExpiresAt, item.Lot.LotId, context,
                features: item.Lot.Features))
            .ToList();
        Append(context, EntryKind.TransferIn, moved.Sum(item => item.Amount), actor, idempotencyKey, NoMetadata,
            parts: arrived.Select(lot => new LotPart(lot.LotId, lot.Amount)).ToList(), reference: fromAccountId);
        RepayDebts(arrived, actor, context);
    }

    public void MarkClaimedBy(string userAccountId)
    {
        LeadState = LeadState.Claimed;
        ClaimedBy = userAccountId;
        _changed = true;
    }

    private void GrantLeadAllowance(RuleContext context)
    {
        LeadState = LeadState.Granted;
        _changed = true;
        var allowance = context.Options.LeadAllowanceCredits;
        if (allowance <= 0)
        {
            return;
        }
        var expiresAt = context.Options.LeadAllowanceValidity is { } validity ? context.Now + validity : (DateTimeOffset?)null;
        var lot = AddLot(allowance, Bucket.Lead, context.Options.DefaultPriority(Bucket.Lead), expiresAt, "lead-allowance", context);
        Append(context, EntryKind.Grant, allowance, Actors.System, "", NoMetadata,
            lotId: lot.LotId, parts: [new LotPart(lot.LotId, allowance)], bucket: Bucket.Lead, reference: lot.Reference);
    }
}

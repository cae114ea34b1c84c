using Credits.Ledger.Engine;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Accounts;

/// <summary>Transfers between accounts: the sender's burn-down and the receiver's gift lots.</summary>
internal sealed partial class Account
{
    /// <summary>
    /// The lots a transfer of <paramref name="amount"/> would take, in burn-down order; nothing is
    /// changed. Feature-scoped lots never move: a transfer spends by amount. The rule checked that the amount is available.
    /// </summary>
    public List<(Lot Lot, long Amount)> PickForTransfer(long amount, DateTimeOffset now)
    {
        var picked = BurnDown.Take(BurnDown.Spendable(_lots.Values, feature: null), amount, lot => lot.AvailableAt(now));
        if (picked.Sum(part => part.Amount) != amount)
        {
            throw new InvalidOperationException($"A transfer of {amount} credits found {picked.Sum(part => part.Amount)} available.");
        }
        return picked;
    }

    /// <summary>Takes the <paramref name="picked"/> credits out of their lots for <paramref name="toAccountId"/>.</summary>
    public List<(Lot Lot, long Amount)> SendTransfer(string toAccountId, List<(Lot Lot, long Amount)> picked, string actor,
        string idempotencyKey, IReadOnlyDictionary<string, string> metadata, RuleContext context)
    {
        foreach (var (lot, taken) in picked)
        {
            TakeFrom(lot, taken);
        }
        Append(context, EntryKind.TransferOut, -picked.Sum(part => part.Amount), actor, idempotencyKey, metadata,
            parts: Parts(picked), reference: toAccountId);
        return picked;
    }

    /// <summary>
    /// Adds one <c>gift</c> lot per source lot, with that lot's expiry, so a gift never outlives the
    /// credit it came from; the lot's reference is its source lot. The credits first repay what the
    /// account owes, as every arrival does. The rule checked there is room.
    /// </summary>
    public void ReceiveTransfer(string fromAccountId, IReadOnlyList<(Lot Lot, long Amount)> sent, string actor, string idempotencyKey,
        IReadOnlyDictionary<string, string> metadata, RuleContext context)
    {
        var priority = context.Options.DefaultPriority(Bucket.Gift);
        var arrived = sent.Select(part => AddLot(part.Amount, Bucket.Gift, priority, part.Lot.ExpiresAt, part.Lot.LotId, context)).ToList();
        Append(context, EntryKind.TransferIn, arrived.Sum(lot => lot.Amount), actor, idempotencyKey, metadata,
            parts: arrived.Select(lot => new LotPart(lot.LotId, lot.Amount)).ToList(), bucket: Bucket.Gift, reference: fromAccountId);
        RepayDebts(arrived, actor, context);
    }

    /// <summary>Null when <paramref name="count"/> more lots fit under the live-lot cap; else the error naming it.</summary>
    public Errors.LedgerError? RoomForLots(int count, LedgerOptions options) =>
        _lots.Values.Count(lot => lot.Remaining > 0) + count > options.LiveLotsPerAccountMax
            ? Errors.LedgerErrors.AccountLimitReached("live_lots", options.LiveLotsPerAccountMax)
            : null;
}

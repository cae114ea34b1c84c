using Credits.Ledger.Engine;
using Credits.Ledger.GiftCodes;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Accounts;

/// <summary>Gift codes: the issuer's credits going into escrow, and the escrow arriving at the redeemer.</summary>
internal sealed partial class Account
{
    /// <summary>
    /// Credits available now in lots that live past <paramref name="expiresAt"/> (or never expire):
    /// what codes expiring then may escrow.
    /// </summary>
    public long AvailableOutliving(DateTimeOffset expiresAt, DateTimeOffset now) =>
        _lots.Values.Sum(lot => EscrowCapacity(lot, expiresAt, now));

    /// <summary>
    /// Takes <paramref name="count"/> escrows of <paramref name="amount"/> each, in burn-down order
    /// over the lots that outlive <paramref name="expiresAt"/>, and journals them as one entry of
    /// the total. Each escrow keeps its source lots' expiries for the redeemer's gift lots. The rule
    /// checked that enough is available.
    /// </summary>
    public List<IReadOnlyList<EscrowPart>> EscrowGiftCodes(long amount, int count, DateTimeOffset expiresAt, string actor,
        string idempotencyKey, IReadOnlyDictionary<string, string> metadata, RuleContext context)
    {
        var escrows = new List<IReadOnlyList<EscrowPart>>(count);
        var taken = new List<(Lot Lot, long Amount)>();
        for (var i = 0; i < count; i++)
        {
            // Each code is picked after the previous one was taken, so the walk sees what is left.
            var picked = BurnDown.Take(BurnDown.Order(_lots.Values), amount, lot => EscrowCapacity(lot, expiresAt, context.Now));
            if (picked.Sum(part => part.Amount) != amount)
            {
                throw new InvalidOperationException($"Gift code {i} of {amount} credits found {picked.Sum(part => part.Amount)} that outlive its expiry.");
            }
            foreach (var (lot, part) in picked)
            {
                TakeFrom(lot, part);
            }
            taken.AddRange(picked);
            escrows.Add(picked.ConvertAll(part => new EscrowPart(part.Lot.LotId, part.Amount, Clock.ToMs(part.Lot.ExpiresAt))));
        }
        // One part per source lot, as every other entry has, though several codes may share a lot.
        var parts = taken.GroupBy(part => part.Lot.LotId, StringComparer.Ordinal)
            .Select(lot => new LotPart(lot.Key, lot.Sum(part => part.Amount))).ToList();
        Append(context, EntryKind.GiftCodesCreate, -amount * count, actor, idempotencyKey, metadata, parts: parts);
        return escrows;
    }

    /// <summary>
    /// Adds one <c>gift</c> lot per escrow part with that part's expiry (as a transfer's receiver
    /// does), journals them as one entry referencing the code, then repays what the account owes.
    /// The rule checked there is room.
    /// </summary>
    public void ReceiveGiftCode(GiftCode code, string actor, string idempotencyKey, RuleContext context)
    {
        var priority = context.Options.DefaultPriority(Bucket.Gift);
        var arrived = code.Escrow.Select(part => AddLot(part.Amount, Bucket.Gift, priority, Clock.FromMs(part.ExpiresAtMs), code.CodeId, context)).ToList();
        Append(context, EntryKind.GiftCodeRedeem, arrived.Sum(lot => lot.Amount), actor, idempotencyKey, NoMetadataAtAll,
            parts: arrived.Select(lot => new LotPart(lot.LotId, lot.Amount)).ToList(), bucket: Bucket.Gift, reference: code.CodeId);
        RepayDebts(arrived, actor, context);
    }

    /// <summary>
    /// Gives a code's escrow back to its issuer as <paramref name="kind"/>: each part to the lot it
    /// came from when that lot is loaded (the rule loads spent lots too), unexpired and has room, as a
    /// refund does; the rest as a <c>gift</c> lot with the part's expiry. A part whose expiry passed
    /// meanwhile expires at once, journaled, so nothing is created or lost. Returns the credits given back.
    /// </summary>
    public long ReturnGiftCode(GiftCode code, EntryKind kind, string actor, string idempotencyKey, RuleContext context)
    {
        var parts = new List<LotPart>();
        var received = new List<Lot>();
        foreach (var part in code.Escrow)
        {
            var left = part.Amount;
            if (_lots.TryGetValue(part.LotId, out var lot) && !lot.IsExpiredAt(context.Now)
                && Math.Min(left, lot.Amount - lot.Remaining) is var room and > 0)
            {
                lot.Restore(room);
                Available += room;
                parts.Add(new LotPart(lot.LotId, room));
                received.Add(lot);
                left -= room;
            }
            if (left > 0)
            {
                var gift = AddLot(left, Bucket.Gift, context.Options.DefaultPriority(Bucket.Gift), Clock.FromMs(part.ExpiresAtMs), code.CodeId, context);
                parts.Add(new LotPart(gift.LotId, left));
                received.Add(gift);
            }
        }
        Append(context, kind, code.Amount, actor, idempotencyKey, NoMetadataAtAll, parts: parts, reference: code.CodeId);
        // Credits coming back repay what the issuer owes first, as every arrival does.
        RepayDebts(received, actor, context);
        ExpireLots(context);
        return code.Amount;
    }

    private static readonly IReadOnlyDictionary<string, string> NoMetadataAtAll = new Dictionary<string, string>();

    // Feature-scoped lots never go into a gift code: a code's credits are spent by amount.
    private static long EscrowCapacity(Lot lot, DateTimeOffset expiresAt, DateTimeOffset now) =>
        lot.IsScoped || (lot.ExpiresAt is { } lotExpiresAt && lotExpiresAt <= expiresAt) ? 0 : lot.AvailableAt(now);
}

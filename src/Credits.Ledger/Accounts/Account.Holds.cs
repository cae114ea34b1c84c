using Credits.Ledger.Commands;
using Credits.Ledger.Engine;
using Credits.Ledger.Holds;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Validation;

namespace Credits.Ledger.Accounts;

/// <summary>Holds: reservations (reserve, commit, release, expiry) and dispute freezes.</summary>
internal sealed partial class Account
{
    /// <summary>Freezes never expire by time; only the dispute's outcome ends them.</summary>
    public static readonly DateTimeOffset FreezeExpiresAt = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Pins the command's priced amount to lots in burn-down order; the rule checked it is available.</summary>
    public Hold Reserve(ReserveCommand command, RuleContext context)
    {
        var parts = BurnDown.Pick(_lots.Values, command.PricedAmount, context.Now, command.Feature);
        var hold = Pin(parts, context.Now + (command.Ttl ?? Limits.HoldTtlDefault), command.Feature ?? "", HoldPurpose.Reservation, "", context);
        Append(context, EntryKind.Reserve, 0, command.Actor, command.IdempotencyKey, command.Metadata,
            holdId: hold.HoldId, parts: parts, feature: hold.Feature);
        return hold;
    }

    /// <summary>Debits <paramref name="amount"/> of an active hold; the unused part goes back to its lots.</summary>
    public void Commit(Hold hold, long amount, string actor, IReadOnlyDictionary<string, string> metadata, RuleContext context)
    {
        // The debit takes the hold's parts in today's burn-down order for its feature (scoped lots
        // first, as the reserve took them), so that a part whose lot has expired meanwhile is spent
        // before the later ones rather than returned and lost.
        var pinned = hold.Parts.ToDictionary(part => part.LotId, part => part.Amount, StringComparer.Ordinal);
        var lotsInOrder = BurnDown.OrderFor(hold.Parts.Select(part => _lots[part.LotId]), hold.Feature).ToList();
        var debited = BurnDown.Take(lotsInOrder, amount, lot => pinned[lot.LotId]);
        var spent = debited.ToDictionary(part => part.Lot, part => part.Amount);
        foreach (var lot in lotsInOrder)
        {
            var debit = spent.GetValueOrDefault(lot);
            lot.SpendPinned(pinned[lot.LotId], debit);
            Available += pinned[lot.LotId] - debit;
        }
        Held -= hold.Amount;
        var parts = Parts(debited);
        hold.End(HoldState.Committed, amount, context.Now, parts);
        Append(context, EntryKind.Commit, -amount, actor, "", metadata,
            holdId: hold.HoldId, parts: parts, feature: hold.Feature);
        ExpireLots(context);
    }

    /// <summary>Moves an active hold's expiry later; nothing moves between available and held (0).</summary>
    public void ExtendHold(Hold hold, DateTimeOffset expiresAt, string actor, RuleContext context)
    {
        hold.Extend(expiresAt);
        Append(context, EntryKind.HoldExtend, 0, actor, "", NoMetadata, holdId: hold.HoldId, feature: hold.Feature);
    }

    /// <summary>Gives an active hold back.</summary>
    public void Release(Hold hold, string actor, RuleContext context) =>
        ReturnHold(hold, HoldState.Released, EntryKind.Release, actor, context);

    /// <summary>Pins what is left of the command's lot under a freeze; nothing when the lot has nothing left or the freeze exists.</summary>
    public long Freeze(FreezeCommand command, RuleContext context)
    {
        if (FindFreeze(command.Reference) is not null)
        {
            return 0;
        }
        var amount = _lots.TryGetValue(command.LotId, out var lot) ? lot.AvailableAt(context.Now) : 0;
        if (amount == 0)
        {
            return 0;
        }
        var hold = Pin([new LotPart(lot!.LotId, amount)], FreezeExpiresAt, "", HoldPurpose.Freeze, command.Reference, context);
        Append(context, EntryKind.Freeze, 0, command.Actor, command.IdempotencyKey, NoMetadata,
            holdId: hold.HoldId, parts: hold.Parts, reference: command.Reference);
        return amount;
    }

    /// <summary>Ends a freeze: its credits are available again (a later claw-back in the batch may take them).</summary>
    public long Unfreeze(UnfreezeCommand command, RuleContext context)
    {
        if (FindFreeze(command.Reference) is not { } hold)
        {
            return 0;
        }
        ReturnHold(hold, HoldState.Released, EntryKind.Unfreeze, command.Actor, context, command.Reference);
        return hold.Amount;
    }

    private Hold? FindFreeze(string reference) =>
        _holds.Values.FirstOrDefault(hold => hold.Purpose == HoldPurpose.Freeze && hold.IsActive && hold.Reference == reference);

    private Hold Pin(IReadOnlyList<LotPart> parts, DateTimeOffset expiresAt, string feature, HoldPurpose purpose, string reference,
        RuleContext context)
    {
        foreach (var part in parts)
        {
            _lots[part.LotId].Pin(part.Amount);
        }
        var amount = parts.Sum(part => part.Amount);
        Available -= amount;
        Held += amount;
        var hold = new Hold
        {
            HoldId = Ids.NewHoldId(AccountId),
            AccountId = AccountId,
            Amount = amount,
            ExpiresAt = expiresAt,
            CreatedAt = context.Now,
            Parts = parts,
            Feature = feature,
            Purpose = purpose,
            Reference = reference,
            State = HoldState.Active,
            IsNew = true,
        };
        _holds.Add(hold.HoldId, hold);
        return hold;
    }

    private void ReturnHold(Hold hold, HoldState endState, EntryKind kind, string actor, RuleContext context, string reference = "")
    {
        foreach (var part in hold.Parts)
        {
            _lots[part.LotId].Unpin(part.Amount);
        }
        Available += hold.Amount;
        Held -= hold.Amount;
        hold.End(endState, committed: 0, context.Now);
        Append(context, kind, 0, actor, "", NoMetadata, holdId: hold.HoldId, parts: hold.Parts, feature: hold.Feature, reference: reference);
        ExpireLots(context);
    }
}

using Credits.Audit.Tests.Support;
using Credits.V1;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// Claw-backs: credits taken back after a refund or a lost dispute, from the purchase's lot first,
/// then in burn-down order; what was spent already is owed, repaid from the next credits that
/// arrive, oldest debt first. A reversal gives back what was taken and cancels the debt.
/// </summary>
public sealed partial class ModelAccount
{
    private readonly Dictionary<string, ModelClawback> _clawbacks = new(StringComparer.Ordinal);

    /// <summary>Every claw-back the account had, reversed or not.</summary>
    public IReadOnlyCollection<ModelClawback> Clawbacks => _clawbacks.Values;

    /// <summary>Credits still owed by claw-backs.</summary>
    public long Owed => _clawbacks.Values.Sum(clawback => clawback.OwedOutstanding);

    public ModelClawback? FindClawback(string reference) => _clawbacks.GetValueOrDefault(reference);

    /// <summary>
    /// Takes <paramref name="amount"/> available credits: first from the lot named <paramref name="lotId"/>
    /// when the account has it, then from the others in burn-down order; the rest becomes a debt.
    /// </summary>
    internal ModelClawback Clawback(long amount, string? lotId, string reference, string actor, string idempotencyKey,
        IReadOnlyDictionary<string, string> metadata, long nowMs)
    {
        var named = lotId is null ? null : _lots.FirstOrDefault(lot => lot.Id == lotId);
        var inOrder = ModelBurnDown.Order(_lots.Where(lot => lot != named)).ToList();
        if (named is not null)
        {
            if (named.AvailableAt(nowMs) > 0 && inOrder.Any(lot => lot.AvailableAt(nowMs) > 0 && ModelBurnDown.Instance.Compare(lot, named) < 0))
            {
                // The case that tells "the named lot first" from plain burn-down order.
                coverage.Count("claw-back took the named lot before lots that burn first");
            }
            inOrder.Insert(0, named);
        }
        else if (lotId is not null)
        {
            coverage.Count("claw-back named a lot the account does not have");
        }
        var taken = new List<ModelPart>();
        var left = amount;
        foreach (var lot in inOrder)
        {
            var take = Math.Min(lot.AvailableAt(nowMs), left);
            if (take <= 0)
            {
                continue;
            }
            lot.Remaining -= take;
            taken.Add(new ModelPart(lot, take));
            left -= take;
        }
        coverage.Count(left == 0 ? "claw-back took everything at once" : left == amount ? "claw-back owed everything" : "claw-back took part and owed the rest");
        var clawback = new ModelClawback(reference, amount, taken, left, nowMs);
        _clawbacks.Add(reference, clawback);
        Append(nowMs, EntryKind.Clawback, -(amount - left), actor, idempotencyKey, metadata, parts: taken, reference: reference,
            lotName: lotId ?? "");
        return clawback;
    }

    /// <summary>
    /// Repays debts from credits that just arrived (a grant's lot, a claim's copies), oldest debt
    /// first (by creation time, then reference), each debt taking from the arrived lots in their order.
    /// </summary>
    internal void RepayDebts(IReadOnlyList<ModelLot> arrived, string actor, long nowMs)
    {
        var debts = _clawbacks.Values.Where(clawback => clawback.OwedOutstanding > 0)
            .OrderBy(clawback => clawback.CreatedAtMs)
            .ThenBy(clawback => clawback.Reference, StringComparer.Ordinal)
            .ToList();
        if (debts.Count > 1)
        {
            coverage.Count("credits arrived with several debts owed");
        }
        foreach (var debt in debts)
        {
            var parts = new List<ModelPart>();
            foreach (var lot in arrived)
            {
                var take = Math.Min(lot.AvailableAt(nowMs), debt.OwedOutstanding);
                if (take <= 0)
                {
                    continue;
                }
                lot.Remaining -= take;
                debt.OwedOutstanding -= take;
                parts.Add(new ModelPart(lot, take));
            }
            if (parts.Count == 0)
            {
                // The arrived credits are used up: later debts wait for the next ones.
                return;
            }
            coverage.Count(debt.OwedOutstanding == 0 ? "debt repaid in full" : "debt repaid in part");
            Append(nowMs, EntryKind.Clawback, -parts.Sum(part => part.Amount), actor, "", NoMetadata, parts: parts,
                reference: debt.Reference);
        }
    }

    /// <summary>
    /// Undoes the claw-back with <paramref name="reference"/>: what it took goes back to the lots it
    /// came from (and expires at once where they have expired meanwhile), the debt still owed is
    /// cancelled, and what was already repaid comes back as a refund lot. Unknown or reversed: nothing.
    /// </summary>
    internal (long Returned, long DebtCancelled) ReverseClawback(string reference, string actor, string idempotencyKey, long nowMs)
    {
        if (!_clawbacks.TryGetValue(reference, out var clawback) || clawback.Reversed)
        {
            coverage.Count(clawback is null ? "reversal of an unknown claw-back" : "reversal of a reversed claw-back");
            return (0, 0);
        }
        var parts = new List<ModelPart>();
        foreach (var part in clawback.Taken)
        {
            if (!_lots.Contains(part.Lot))
            {
                // Spent out since, and so dropped by the model; the ledger loads such lots for a reversal.
                coverage.Count("reversal returned credits to a spent lot");
                _lots.Add(part.Lot);
            }
            if (part.Lot.IsExpiredAt(nowMs))
            {
                coverage.Count("reversal returned credits to an expired lot");
                part.Lot.HasCreditsBackAfterExpiry = true;
            }
            part.Lot.Remaining += part.Amount;
            parts.Add(part);
        }
        var returned = parts.Sum(part => part.Amount);
        var cancelled = clawback.OwedOutstanding;
        var repaid = clawback.Repaid;
        clawback.OwedOutstanding = 0;
        clawback.Reversed = true;
        if (cancelled > 0)
        {
            coverage.Count("reversal cancelled a debt");
        }
        if (repaid > 0)
        {
            coverage.Count("reversal refunded a repaid debt");
            var refund = AddLot(Bucket.Refund, AuditConfiguration.DefaultPriorities[Bucket.Refund], null, nowMs, repaid);
            parts.Add(new ModelPart(refund, repaid));
        }
        Append(nowMs, EntryKind.ClawbackReverse, returned + repaid, actor, idempotencyKey, NoMetadata, parts: parts, reference: reference);
        ExpireLots(nowMs);
        return (returned + repaid, cancelled);
    }
}

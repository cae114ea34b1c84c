using System.Globalization;
using Credits.Audit.Tests.Support;
using Credits.V1;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// Gift codes at the account: the issuer's credits going into escrow (only from lots that outlive
/// the codes), a redemption's gift lots (keeping each source lot's expiry), and an escrow coming
/// home (to the lots it came from while they live and have room, else as gift lots).
/// </summary>
public sealed partial class ModelAccount
{
    /// <summary>What codes expiring at <paramref name="expiresAtMs"/> may escrow: available credits of lots that live past it.</summary>
    internal long AvailableOutliving(long expiresAtMs, long nowMs) => _lots.Sum(lot => EscrowCapacity(lot, expiresAtMs, nowMs));

    /// <summary>Takes <paramref name="count"/> escrows of <paramref name="amount"/>, each in burn-down order over what is left; one entry of the total.</summary>
    internal List<List<ModelPart>> Escrow(long amount, int count, long expiresAtMs, string actor, string idempotencyKey, long nowMs)
    {
        var escrows = new List<List<ModelPart>>();
        var taken = new List<ModelPart>();
        for (var i = 0; i < count; i++)
        {
            var escrow = new List<ModelPart>();
            var left = amount;
            foreach (var lot in ModelBurnDown.Order(_lots))
            {
                var take = Math.Min(EscrowCapacity(lot, expiresAtMs, nowMs), left);
                if (take > 0)
                {
                    lot.Remaining -= take;
                    escrow.Add(new ModelPart(lot, take));
                    left -= take;
                }
            }
            if (left != 0)
            {
                throw new InvalidOperationException($"Model bug: {Id} was asked to escrow {amount} credits but has {amount - left} outliving the code.");
            }
            escrows.Add(escrow);
            taken.AddRange(escrow);
        }
        var parts = taken.GroupBy(part => part.Lot).Select(lot => new ModelPart(lot.Key, lot.Sum(part => part.Amount))).ToList();
        if (parts.Count > 1)
        {
            coverage.Count("gift codes escrowed from several lots");
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["count"] = count.ToString(CultureInfo.InvariantCulture),
            ["amount"] = amount.ToString(CultureInfo.InvariantCulture),
            ["expiresAt"] = expiresAtMs.ToString(CultureInfo.InvariantCulture),
        };
        Append(nowMs, EntryKind.GiftCodesCreate, -amount * count, actor, idempotencyKey, metadata, parts: parts);
        return escrows;
    }

    /// <summary>The code's escrow arrives as one gift lot per part, with that part's expiry; debts are repaid first.</summary>
    internal void ReceiveGiftCode(ModelGiftCode code, string actor, string idempotencyKey, long nowMs)
    {
        var parts = code.Escrow.Select(part => new ModelPart(
            AddLot(Bucket.Gift, AuditConfiguration.DefaultPriorities[Bucket.Gift], part.Lot.ExpiresAtMs, nowMs, part.Amount), part.Amount)).ToList();
        Append(nowMs, EntryKind.GiftCodeRedeem, code.Amount, actor, idempotencyKey, NoMetadata, parts: parts, bucket: Bucket.Gift,
            reference: code.Id!);
        RepayDebts(parts.Select(part => part.Lot).ToList(), actor, nowMs);
    }

    /// <summary>
    /// A revoked or expired code's escrow coming home: each part to its lot while that lot has not
    /// expired and has room (spent lots included), the rest as a gift lot with the part's expiry,
    /// which expires at once if that passed. Debts are repaid first.
    /// </summary>
    internal void ReturnGiftCode(ModelGiftCode code, EntryKind kind, string actor, string idempotencyKey, long nowMs)
    {
        var parts = new List<ModelPart>();
        foreach (var part in code.Escrow)
        {
            var left = part.Amount;
            var lot = part.Lot;
            var room = Math.Min(left, lot.Amount - lot.Remaining);
            if (!lot.IsExpiredAt(nowMs) && room > 0)
            {
                if (!_lots.Contains(lot))
                {
                    // Spent out since, and so dropped by the model; the ledger loads spent lots for a return.
                    coverage.Count("gift code escrow returned to a spent lot");
                    _lots.Add(lot);
                }
                lot.Remaining += room;
                parts.Add(new ModelPart(lot, room));
                left -= room;
            }
            if (left > 0)
            {
                coverage.Count(lot.IsExpiredAt(nowMs) ? "gift code escrow of an expired lot came back as a gift lot" : "gift code escrow came back as a gift lot");
                var gift = AddLot(Bucket.Gift, AuditConfiguration.DefaultPriorities[Bucket.Gift], lot.ExpiresAtMs, nowMs, left);
                parts.Add(new ModelPart(gift, left));
            }
        }
        Append(nowMs, kind, code.Amount, actor, idempotencyKey, NoMetadata, parts: parts, reference: code.Id!);
        RepayDebts(parts.Select(part => part.Lot).ToList(), actor, nowMs);
        ExpireLots(nowMs);
    }

    private static long EscrowCapacity(ModelLot lot, long expiresAtMs, long nowMs) =>
        lot.ExpiresAtMs is { } lotExpiresAtMs && lotExpiresAtMs <= expiresAtMs ? 0 : lot.AvailableAt(nowMs);
}

using Credits.V1;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// Freezes: a dispute pins what is left of the disputed lot under the dispute's reference until it
/// closes. A freeze is a hold callers cannot see; it never expires by time.
/// </summary>
public sealed partial class ModelAccount
{
    public ModelHold? ActiveFreeze(string reference) =>
        _holds.FirstOrDefault(hold => hold.IsFreeze && hold.State == ModelHoldState.Active && hold.Reference == reference);

    /// <summary>Freezes the available credits of the lot <paramref name="lotId"/>; returns the hold, or null when nothing was frozen.</summary>
    internal ModelHold? Freeze(string lotId, string reference, string actor, string idempotencyKey, long nowMs)
    {
        if (ActiveFreeze(reference) is not null)
        {
            coverage.Count("freeze under an open dispute changed nothing");
            return null;
        }
        var lot = _lots.FirstOrDefault(candidate => candidate.Id == lotId);
        var amount = lot?.AvailableAt(nowMs) ?? 0;
        if (amount == 0)
        {
            coverage.Count("freeze found nothing to freeze");
            return null;
        }
        coverage.Count(lot!.Held > 0 ? "freeze of a partly held lot" : "freeze");
        var hold = new ModelHold(Id, amount, ModelHold.FreezeExpiresAtMs, [new ModelPart(lot, amount)], "", ModelHoldPurpose.Freeze, reference);
        AddHold(hold);
        Append(nowMs, EntryKind.Freeze, 0, actor, idempotencyKey, NoMetadata, hold: hold, parts: hold.Parts, reference: reference);
        return hold;
    }

    /// <summary>Ends the open freeze of <paramref name="reference"/>; returns the credits it gave back (0 when there was none).</summary>
    internal long Unfreeze(string reference, string actor, long nowMs)
    {
        if (ActiveFreeze(reference) is not { } hold)
        {
            coverage.Count("unfreeze without an open dispute changed nothing");
            return 0;
        }
        coverage.Count("unfreeze");
        ReturnHold(hold, ModelHoldState.Released, EntryKind.Unfreeze, actor, nowMs, reference);
        return hold.Amount;
    }
}

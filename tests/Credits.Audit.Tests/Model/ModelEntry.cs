using Credits.V1;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// A journal entry the model expects. Lots and holds are referenced, not named, so that an entry
/// about a lot whose id is learned later still renders with that id. <see cref="LotName"/> is for an
/// entry that names a lot by the caller's text (a claw-back's lot, which need not exist).
/// </summary>
public sealed record ModelEntry(
    long Sequence,
    EntryKind Kind,
    long Amount,
    long AvailableAfter,
    long HeldAfter,
    ModelLot? Lot,
    ModelHold? Hold,
    IReadOnlyList<ModelPart> Parts,
    string Feature,
    string Actor,
    string IdempotencyKey,
    IReadOnlyDictionary<string, string> Metadata,
    long CreatedAtMs,
    Bucket Bucket,
    string Reference,
    long OwedAfter,
    string? LotName = null)
{
    public JournalEntry ToProto()
    {
        var entry = new JournalEntry
        {
            Sequence = Sequence,
            Kind = Kind,
            Amount = Amount,
            AvailableAfter = AvailableAfter,
            HeldAfter = HeldAfter,
            LotId = LotName ?? (Lot is null ? "" : Lot.Id ?? "(unbound)"),
            HoldId = Hold is null ? "" : Hold.Id ?? "(unbound)",
            Feature = Feature,
            Actor = Actor,
            IdempotencyKey = IdempotencyKey,
            CreatedAt = ModelTime.ToTimestamp(CreatedAtMs),
            Bucket = Bucket,
            Reference = Reference,
            OwedAfter = OwedAfter,
        };
        foreach (var part in Parts)
        {
            entry.Parts.Add(new LotPart { LotId = part.Lot.Id ?? "(unbound)", Amount = part.Amount });
        }
        foreach (var (key, value) in Metadata)
        {
            entry.Metadata[key] = value;
        }
        return entry;
    }
}

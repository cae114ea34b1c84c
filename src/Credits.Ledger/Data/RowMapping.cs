using Credits.Ledger.Clawbacks;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using Credits.Ledger.Holds;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Data;

/// <summary>Rows to domain objects and back.</summary>
internal static class RowMapping
{
    public static Lot ToLot(this LotRow row) => new()
    {
        LotId = row.LotId,
        AccountId = row.AccountId,
        Bucket = (Bucket)row.Bucket,
        Priority = row.Priority,
        Amount = row.Amount,
        ExpiresAt = Clock.FromMs(row.ExpiresAtMs),
        CreatedAt = Clock.FromMs(row.CreatedAtMs),
        Reference = row.Reference,
        Remaining = row.Remaining,
        Held = row.Held,
        RolloverCap = row.RolloverCap,
        RolloverExpiresAt = Clock.FromMs(row.RolloverExpiresAtMs),
        ExpiryWarnedDays = row.ExpiryWarnedDays,
        Features = LotFeatures.Read(row.Features),
    };

    public static LotRow ToRow(this Lot lot) => new()
    {
        AccountId = lot.AccountId,
        LotId = lot.LotId,
        Bucket = (int)lot.Bucket,
        Priority = lot.Priority,
        Amount = lot.Amount,
        Remaining = lot.Remaining,
        Held = lot.Held,
        ExpiresAtMs = Clock.ToMs(lot.ExpiresAt),
        Reference = lot.Reference,
        CreatedAtMs = Clock.ToMs(lot.CreatedAt),
        RolloverCap = lot.RolloverCap,
        RolloverExpiresAtMs = Clock.ToMs(lot.RolloverExpiresAt),
        ExpiryWarnedDays = lot.ExpiryWarnedDays,
        Features = LotFeatures.Write(lot.Features),
    };

    public static Hold ToHold(this HoldRow row) => new()
    {
        HoldId = row.HoldId,
        AccountId = row.AccountId,
        Amount = row.Amount,
        ExpiresAt = Clock.FromMs(row.ExpiresAtMs),
        CreatedAt = Clock.FromMs(row.CreatedAtMs),
        Parts = StoredJson.ReadParts(row.PartsJson),
        Feature = row.Feature,
        State = (HoldState)row.State,
        Committed = row.Committed,
        Released = row.Released,
        EndedAt = Clock.FromMs(row.EndedAtMs),
        Purpose = (HoldPurpose)row.Purpose,
        Reference = row.Reference,
        Refunded = row.Refunded,
        CommittedParts = StoredJson.ReadParts(row.CommittedPartsJson),
    };

    public static HoldRow ToRow(this Hold hold) => new()
    {
        AccountId = hold.AccountId,
        HoldId = hold.HoldId,
        Amount = hold.Amount,
        State = (int)hold.State,
        Committed = hold.Committed,
        Released = hold.Released,
        PartsJson = StoredJson.WriteParts(hold.Parts),
        Feature = hold.Feature,
        ExpiresAtMs = Clock.ToMs(hold.ExpiresAt),
        CreatedAtMs = Clock.ToMs(hold.CreatedAt),
        EndedAtMs = Clock.ToMs(hold.EndedAt),
        Purpose = (int)hold.Purpose,
        Reference = hold.Reference,
        Refunded = hold.Refunded,
        CommittedPartsJson = StoredJson.WriteParts(hold.CommittedParts),
    };

    public static JournalEntry ToEntry(this JournalRow row) => new(
        row.AccountId, row.Sequence, (EntryKind)row.Kind, row.Amount, row.AvailableAfter, row.HeldAfter,
        row.LotId, row.HoldId, StoredJson.ReadParts(row.PartsJson), row.Feature, row.Actor, row.IdempotencyKey,
        StoredJson.ReadMetadata(row.MetadataJson), Clock.FromMs(row.CreatedAtMs), (Bucket?)row.Bucket, row.Reference, row.OwedAfter, row.Hash);

    public static JournalRow ToRow(this JournalEntry entry) => new()
    {
        AccountId = entry.AccountId,
        Sequence = entry.Sequence,
        Kind = (int)entry.Kind,
        Amount = entry.Amount,
        AvailableAfter = entry.AvailableAfter,
        HeldAfter = entry.HeldAfter,
        LotId = entry.LotId,
        HoldId = entry.HoldId,
        PartsJson = StoredJson.WriteParts(entry.Parts),
        Feature = entry.Feature,
        Actor = entry.Actor,
        IdempotencyKey = entry.IdempotencyKey,
        MetadataJson = StoredJson.WriteMetadata(entry.Metadata),
        Bucket = (int?)entry.Bucket,
        Reference = entry.Reference,
        CreatedAtMs = Clock.ToMs(entry.CreatedAt),
        OwedAfter = entry.OwedAfter,
        Hash = entry.Hash,
    };

    public static Clawback ToClawback(this ClawbackRow row) => new()
    {
        AccountId = row.AccountId,
        Reference = row.Reference,
        Amount = row.Amount,
        TakenParts = StoredJson.ReadParts(row.TakenPartsJson),
        OwedInitial = row.OwedInitial,
        OwedOutstanding = row.OwedOutstanding,
        Reversed = row.Reversed != 0,
        CreatedAt = Clock.FromMs(row.CreatedAtMs),
    };

    public static ClawbackRow ToRow(this Clawback clawback) => new()
    {
        AccountId = clawback.AccountId,
        Reference = clawback.Reference,
        Amount = clawback.Amount,
        TakenPartsJson = StoredJson.WriteParts(clawback.TakenParts),
        OwedInitial = clawback.OwedInitial,
        OwedOutstanding = clawback.OwedOutstanding,
        Reversed = clawback.Reversed ? 1 : 0,
        CreatedAtMs = Clock.ToMs(clawback.CreatedAt),
    };
}

using Credits.V1;
using Google.Protobuf;
using DomainEntry = Credits.Ledger.Journal.JournalEntry;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// The journal's hash chain as the auditor expects it: each entry's hash is the chain step over the
/// entry the model expects (its fields, not the server's), from the previous entry's hash the auditor
/// has already confirmed. The canonical encoding itself is pinned independently by a test vector
/// (HashChainTests and docs/journal-hash-chain.md).
/// </summary>
public static class ModelChain
{
    public static ByteString Next(ByteString previous, string accountId, JournalEntry expected) =>
        ByteString.CopyFrom(Credits.Ledger.Journal.JournalChain.Next(previous.Span, ToDomain(accountId, expected)));

    public static ByteString Genesis { get; } = ByteString.CopyFrom(new byte[32]);

    private static DomainEntry ToDomain(string accountId, JournalEntry entry) => new(
        accountId, entry.Sequence, (Credits.Ledger.Journal.EntryKind)(int)entry.Kind, entry.Amount, entry.AvailableAfter, entry.HeldAfter,
        entry.LotId, entry.HoldId, entry.Parts.Select(part => new Credits.Ledger.Lots.LotPart(part.LotId, part.Amount)).ToList(),
        entry.Feature, entry.Actor, entry.IdempotencyKey, entry.Metadata, entry.CreatedAt.ToDateTimeOffset(),
        entry.Bucket == Bucket.Unspecified ? null : (Credits.Ledger.Lots.Bucket)(int)entry.Bucket, entry.Reference, entry.OwedAfter);
}

using Credits.Ledger.Journal;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Balances;

/// <summary>
/// Folds an account's journal, in sequence order, into its balance at an instant. The totals are the
/// ones the last entry recorded (the journal is their source of truth); the per-lot explanation follows
/// each entry's lot parts. It reads only the journal, never current lot rows, so an edited or
/// deleted lot row does not change the past.
/// </summary>
public static class BalanceReplay
{
    /// <summary>Replays <paramref name="entries"/> (one account, ascending sequence) up to and including <paramref name="asOf"/>.</summary>
    public static ReplayedBalance Replay(string accountId, IEnumerable<JournalEntry> entries, DateTimeOffset asOf)
    {
        var lots = new Dictionary<string, LotState>(StringComparer.Ordinal);
        var holds = new Dictionary<string, IReadOnlyList<LotPart>>(StringComparer.Ordinal);
        JournalEntry? last = null;
        foreach (var entry in entries)
        {
            if (entry.CreatedAt > asOf)
            {
                break;
            }
            Apply(entry, lots, holds);
            last = entry;
        }
        var live = lots.Values
            .Where(lot => lot.Remaining != 0 || lot.Held != 0)
            .OrderBy(lot => lot.FirstSequence)
            .Select(lot => new ReplayedLot(lot.LotId, lot.Bucket, lot.Granted, lot.Spent, lot.Held, lot.Expired, lot.Remaining, lot.Sequences))
            .ToList();
        return new ReplayedBalance(accountId, asOf, last?.AvailableAfter ?? 0, last?.HeldAfter ?? 0, last?.OwedAfter ?? 0,
            last?.Sequence ?? 0, live);
    }

    private static void Apply(JournalEntry entry, Dictionary<string, LotState> lots, Dictionary<string, IReadOnlyList<LotPart>> holds)
    {
        switch (entry.Kind)
        {
            case EntryKind.Reserve or EntryKind.Freeze:
                holds[entry.HoldId] = entry.Parts;
                Each(entry, lots, (lot, amount) => { lot.Remaining -= amount; lot.Held += amount; });
                break;
            case EntryKind.Release or EntryKind.HoldExpire or EntryKind.Unfreeze:
                holds.Remove(entry.HoldId);
                Each(entry, lots, (lot, amount) => { lot.Held -= amount; lot.Remaining += amount; });
                break;
            case EntryKind.Commit:
                Commit(entry, lots, holds);
                break;
            case EntryKind.LotExpire:
                Each(entry, lots, (lot, amount) => { lot.Remaining -= amount; lot.Expired += amount; });
                break;
            case EntryKind.Note or EntryKind.HoldExtend:
                break;
            default:
                // Every other kind adds credits to its parts' lots when its amount is positive (grants,
                // transfers in, refunds, positive adjustments, returned escrow) and takes them otherwise.
                if (entry.Amount > 0)
                {
                    Each(entry, lots, (lot, amount) => { lot.Granted += amount; lot.Remaining += amount; });
                }
                else
                {
                    Each(entry, lots, (lot, amount) => { lot.Spent += amount; lot.Remaining -= amount; });
                }
                break;
        }
    }

    // A commit debits the parts it names from the hold's pins; whatever else the hold pinned goes back.
    private static void Commit(JournalEntry entry, Dictionary<string, LotState> lots, Dictionary<string, IReadOnlyList<LotPart>> holds)
    {
        var pinned = holds.Remove(entry.HoldId, out var parts) ? parts : [];
        var debited = entry.Parts.ToDictionary(part => part.LotId, part => part.Amount, StringComparer.Ordinal);
        foreach (var part in pinned)
        {
            var lot = Lot(part.LotId, entry, lots);
            var debit = debited.GetValueOrDefault(part.LotId);
            lot.Held -= part.Amount;
            lot.Remaining += part.Amount - debit;
            lot.Spent += debit;
        }
    }

    private static void Each(JournalEntry entry, Dictionary<string, LotState> lots, Action<LotState, long> move)
    {
        foreach (var part in entry.Parts)
        {
            move(Lot(part.LotId, entry, lots), part.Amount);
        }
    }

    private static LotState Lot(string lotId, JournalEntry entry, Dictionary<string, LotState> lots)
    {
        if (!lots.TryGetValue(lotId, out var lot))
        {
            // A lot is first seen on the entry that created it; that entry names its bucket.
            lot = new LotState(lotId, entry.Bucket ?? Bucket.Purchased, entry.Sequence);
            lots.Add(lotId, lot);
        }
        if (lot.Sequences.Count == 0 || lot.Sequences[^1] != entry.Sequence)
        {
            lot.Sequences.Add(entry.Sequence);
        }
        return lot;
    }

    private sealed class LotState(string lotId, Bucket bucket, long firstSequence)
    {
        public string LotId { get; } = lotId;
        public Bucket Bucket { get; } = bucket;
        public long FirstSequence { get; } = firstSequence;
        public long Granted { get; set; }
        public long Spent { get; set; }
        public long Held { get; set; }
        public long Expired { get; set; }
        public long Remaining { get; set; }
        public List<long> Sequences { get; } = [];
    }
}

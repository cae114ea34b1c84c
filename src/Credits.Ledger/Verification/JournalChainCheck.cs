using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Journal;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Verification;

/// <summary>
/// Recomputes each account's journal hash chain from its stored entries (<see cref="JournalChain"/>)
/// and names the first entry whose stored hash differs, with the expected and the stored hash. An
/// edited amount, a removed or reordered entry, or an edited hash all break the chain there. The
/// account row's <c>last_hash</c>, which the next write chains from, must be the last entry's hash.
/// </summary>
internal static class JournalChainCheck
{
    public static async Task<List<LedgerViolation>> CheckAsync(LedgerDb db, IReadOnlyList<AccountRow> page, CancellationToken cancellationToken)
    {
        var ids = page.Select(account => account.AccountId).ToList();
        var violations = new List<LedgerViolation>();
        var accounts = page.ToDictionary(account => account.AccountId, StringComparer.Ordinal);
        string? current = null;
        byte[] previous = [];
        long lastSequence = 0;
        var broken = false;
        // Streamed in chain order, so memory stays flat however long a journal is.
        var entries = db.Journal.Where(entry => ids.Contains(entry.AccountId))
            .OrderBy(entry => entry.AccountId).ThenBy(entry => entry.Sequence)
            .AsAsyncEnumerable();
        await foreach (var row in entries.WithCancellation(cancellationToken))
        {
            if (row.AccountId != current)
            {
                Finish(current);
                current = row.AccountId;
                previous = JournalChain.Genesis.ToArray();
                lastSequence = 0;
                broken = false;
            }
            if (broken)
            {
                continue;
            }
            var expected = JournalChain.Next(previous, row.ToEntry());
            if (row.Hash is null || !row.Hash.AsSpan().SequenceEqual(expected))
            {
                var what = row.Hash is null ? "no hash stored (not back-filled)" : $"stored {JournalChain.ToHex(row.Hash)}";
                violations.Add(new LedgerViolation(row.AccountId,
                    $"journal hash chain broken at sequence {row.Sequence}: expected {JournalChain.ToHex(expected)}, {what}",
                    new ChainBreak(row.Sequence, expected, row.Hash)));
                // Every later hash depends on this one: the first broken link is the one to name.
                broken = true;
                continue;
            }
            previous = expected;
            lastSequence = row.Sequence;
        }
        Finish(current);
        return violations;

        void Finish(string? accountId)
        {
            if (accountId is null || broken || !accounts.TryGetValue(accountId, out var account))
            {
                return;
            }
            if (account.LastHash is null || !account.LastHash.AsSpan().SequenceEqual(previous))
            {
                violations.Add(new LedgerViolation(accountId,
                    $"account last_hash {(account.LastHash is null ? "missing" : JournalChain.ToHex(account.LastHash))} "
                    + $"!= the hash of its last entry (sequence {lastSequence}) {JournalChain.ToHex(previous)}",
                    new ChainBreak(lastSequence, previous, account.LastHash)));
            }
        }
    }
}

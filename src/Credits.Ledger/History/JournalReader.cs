using Credits.Ledger.Data;
using Credits.Ledger.Journal;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.History;

/// <summary>Reads an account's journal by cursor; it never writes.</summary>
internal static class JournalReader
{
    public static async Task<List<JournalEntry>> ReadPageAsync(LedgerDatabase database, string accountId, long afterSequence,
        int pageSize, CancellationToken cancellationToken)
    {
        await using var db = database.Open();
        var rows = await db.Journal
            .Where(row => row.AccountId == accountId && row.Sequence > afterSequence)
            .OrderBy(row => row.Sequence)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(RowMapping.ToEntry);
    }

    /// <summary>The first <paramref name="take"/> entries written at or before <paramref name="asOf"/>, in sequence order.</summary>
    public static async Task<List<JournalEntry>> ReadUpToAsync(LedgerDatabase database, string accountId, DateTimeOffset asOf,
        int take, CancellationToken cancellationToken)
    {
        var untilMs = asOf.ToUnixTimeMilliseconds();
        await using var db = database.Open();
        var rows = await db.Journal
            .Where(row => row.AccountId == accountId && row.CreatedAtMs <= untilMs)
            .OrderBy(row => row.Sequence)
            .Take(take)
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(RowMapping.ToEntry);
    }

    /// <summary>The highest sequence of each of <paramref name="accountIds"/> that has entries.</summary>
    public static async Task<Dictionary<string, long>> LatestSequencesAsync(LedgerDatabase database, IReadOnlyCollection<string> accountIds,
        CancellationToken cancellationToken)
    {
        await using var db = database.Open();
        var rows = await db.Journal
            .Where(row => accountIds.Contains(row.AccountId))
            .GroupBy(row => row.AccountId)
            .Select(group => new { AccountId = group.Key, Last = group.Max(row => row.Sequence) })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(row => row.AccountId, row => row.Last, StringComparer.Ordinal);
    }
}

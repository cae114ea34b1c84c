using System.Runtime.CompilerServices;
using Credits.Ledger.Accounts;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Journal;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Export;

/// <summary>
/// Streams journal entries for an export. It reads page by page with a keyset cursor (never an
/// offset), so memory stays flat and every page is an index range scan however many rows match:
/// one account's entries in sequence order by the primary key, every account's in time order
/// (then account id and sequence) by <c>ix_journal_created</c>.
/// </summary>
public sealed class JournalExporter(LedgerDatabase database, TimeProvider time, LedgerOptions options, ILogger<JournalExporter> logger)
{
    /// <summary>Entries read per round trip.</summary>
    public const int PageSize = 1000;

    /// <summary>The matching entries in export order; validation errors are raised before the first entry.</summary>
    public IAsyncEnumerable<JournalEntry> ExportAsync(JournalExportQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!string.IsNullOrEmpty(query.AccountId))
        {
            AccountIds.Parse(query.AccountId, "account_id");
        }
        var startMs = query.StartTime is { } start ? Clock.ToMs(start) : long.MinValue;
        // Without an end, entries written while the export runs are left out, so that it ends.
        var endMs = query.EndTime is { } end ? Clock.ToMs(end) : Clock.ToMs(Clock.Now(time)) + 1;
        if (query.StartTime is not null && query.EndTime is not null && endMs <= startMs)
        {
            throw LedgerErrors.Invalid("end_time", "end_time must be after start_time.").ToException();
        }
        return string.IsNullOrEmpty(query.AccountId)
            ? ReadAllAccountsAsync(startMs, endMs, cancellationToken)
            : ReadAccountAsync(query.AccountId, startMs, endMs, cancellationToken);
    }

    private async IAsyncEnumerable<JournalEntry> ReadAccountAsync(string accountId, long startMs, long endMs,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var afterSequence = 0L;
        while (true)
        {
            var after = afterSequence;
            var page = await ReadPageAsync(db => db.Journal
                .Where(row => row.AccountId == accountId && row.Sequence > after && row.CreatedAtMs >= startMs && row.CreatedAtMs < endMs)
                .OrderBy(row => row.Sequence), cancellationToken);
            foreach (var row in page)
            {
                yield return row.ToEntry();
            }
            if (page.Count < PageSize)
            {
                yield break;
            }
            afterSequence = page[^1].Sequence;
        }
    }

    private async IAsyncEnumerable<JournalEntry> ReadAllAccountsAsync(long startMs, long endMs,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The cursor is the last row's (created_at_ms, account_id, sequence); the first page starts at startMs.
        JournalRow? last = null;
        while (true)
        {
            var cursor = last;
            var page = await ReadPageAsync(db =>
            {
                var rows = db.Journal.Where(row => row.CreatedAtMs < endMs);
                rows = cursor is null
                    ? rows.Where(row => row.CreatedAtMs >= startMs)
                    : rows.Where(row => row.CreatedAtMs > cursor.CreatedAtMs
                                        || (row.CreatedAtMs == cursor.CreatedAtMs && row.AccountId.CompareTo(cursor.AccountId) > 0)
                                        || (row.CreatedAtMs == cursor.CreatedAtMs && row.AccountId == cursor.AccountId && row.Sequence > cursor.Sequence));
                return rows.OrderBy(row => row.CreatedAtMs).ThenBy(row => row.AccountId).ThenBy(row => row.Sequence);
            }, cancellationToken);
            foreach (var row in page)
            {
                yield return row.ToEntry();
            }
            if (page.Count < PageSize)
            {
                yield break;
            }
            last = page[^1];
        }
    }

    private Task<List<JournalRow>> ReadPageAsync(Func<LedgerDb, IQueryable<JournalRow>> query, CancellationToken cancellationToken) =>
        TransientRetry.RunAsync(async token =>
        {
            await using var db = database.Open();
            return await query(db).Take(PageSize).ToListAsync(token);
        }, options.TransientRetriesMax, logger, "an export page", cancellationToken);
}

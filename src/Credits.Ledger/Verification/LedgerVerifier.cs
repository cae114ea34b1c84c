using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Holds;
using Credits.Ledger.Invariants;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Verification;

/// <summary>
/// Checks the ledger's invariants (<see cref="AccountInvariants"/>, the set the engine checks before
/// every write) on every account in the database, from one snapshot, a page of accounts at a time,
/// proves each account's journal hash chain (<see cref="JournalChainCheck"/>), checks the usage
/// aggregates against the journal (<see cref="UsageVerification"/>), gift codes' escrow against the
/// journal (<see cref="GiftCodeVerification"/>), and reports each violation. A
/// healthy ledger reports none.
/// </summary>
public sealed class LedgerVerifier(LedgerDatabase database)
{
    /// <summary>Accounts read per round of queries; keeps memory flat on a large ledger and each IN list short.</summary>
    private const int AccountsPerPage = 500;

    /// <summary>Returns one line per violation ("account: what is wrong"); empty when the ledger is consistent.</summary>
    public async Task<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var report = await CheckAsync(cancellationToken);
        return report.Violations.Select(violation => violation.ToString()).ToList();
    }

    /// <summary>Checks every account and reports each violation with the account it concerns.</summary>
    public async Task<VerificationReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        var violations = new List<LedgerViolation>();
        await using var db = database.Open();
        await using var snapshot = await db.BeginTransactionAsync(database.ReadSnapshotIsolation, cancellationToken);
        var checkedCount = 0;
        var after = "";
        while (true)
        {
            var page = await db.Accounts.Where(account => account.AccountId.CompareTo(after) > 0)
                .OrderBy(account => account.AccountId).Take(AccountsPerPage).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }
            foreach (var account in await SnapshotsAsync(db, page, cancellationToken))
            {
                violations.AddRange(AccountInvariants.Check(account).Select(what => new LedgerViolation(account.AccountId, what)));
            }
            violations.AddRange(await JournalChainCheck.CheckAsync(db, page, cancellationToken));
            violations.AddRange(await UsageVerification.CheckAsync(db, [.. page.Select(account => account.AccountId)], cancellationToken));
            violations.AddRange(await PoolUsageVerification.CheckAsync(db, [.. page.Select(account => account.AccountId)], cancellationToken));
            violations.AddRange(await PoolUsageDailyVerification.CheckAsync(db, [.. page.Select(account => account.AccountId)], cancellationToken));
            violations.AddRange(await GiftCodeVerification.CheckAsync(db, [.. page.Select(account => account.AccountId)], cancellationToken));
            checkedCount += page.Count;
            after = page[^1].AccountId;
        }
        var orphans = await db.Lots.Select(lot => lot.AccountId)
            .Union(db.Journal.Select(entry => entry.AccountId))
            .Where(accountId => !db.Accounts.Any(account => account.AccountId == accountId))
            .ToListAsync(cancellationToken);
        violations.AddRange(orphans.Distinct().Select(orphan => new LedgerViolation(orphan, "lots or journal entries without an account")));
        return new VerificationReport(checkedCount, violations);
    }

    private static async Task<List<AccountSnapshot>> SnapshotsAsync(LedgerDb db, List<AccountRow> page, CancellationToken cancellationToken)
    {
        var ids = page.Select(account => account.AccountId).ToList();
        // Spent lots add nothing to a balance; a lot with credits held but none left is still read, as a violation.
        var lots = (await db.Lots.Where(lot => ids.Contains(lot.AccountId) && (lot.Remaining != 0 || lot.Held != 0 || lot.RolloverCap != 0))
                .ToListAsync(cancellationToken))
            .ToLookup(lot => lot.AccountId, StringComparer.Ordinal);
        var holds = (await db.Holds.Where(hold => ids.Contains(hold.AccountId) && hold.State == (int)HoldState.Active).ToListAsync(cancellationToken))
            .ToLookup(hold => hold.AccountId, StringComparer.Ordinal);
        var owed = (await db.Clawbacks.Where(clawback => ids.Contains(clawback.AccountId))
                .GroupBy(clawback => clawback.AccountId)
                .Select(group => new { AccountId = group.Key, Outstanding = group.Sum(clawback => clawback.OwedOutstanding) })
                .ToListAsync(cancellationToken))
            .ToDictionary(row => row.AccountId, row => row.Outstanding, StringComparer.Ordinal);
        var totals = (await db.Journal.Where(entry => ids.Contains(entry.AccountId))
                .GroupBy(entry => entry.AccountId)
                .Select(group => new { AccountId = group.Key, Count = group.LongCount(), Last = group.Max(entry => entry.Sequence), Total = group.Sum(entry => entry.Amount) })
                .ToListAsync(cancellationToken))
            .ToDictionary(row => row.AccountId, StringComparer.Ordinal);
        var lastEntries = (await (from account in db.Accounts
                    where ids.Contains(account.AccountId)
                    join entry in db.Journal on new { account.AccountId, Sequence = account.LastSequence } equals new { entry.AccountId, entry.Sequence }
                    select entry)
                .ToListAsync(cancellationToken))
            .ToDictionary(row => row.AccountId, row => row.ToEntry(), StringComparer.Ordinal);
        // Each rollover entry with the entry just before it, which must be its lot's expiry.
        var rollovers = (await (from entry in db.Journal
                    where ids.Contains(entry.AccountId)
                    from rollover in db.Journal.Where(next => next.AccountId == entry.AccountId && next.Kind == (int)EntryKind.Rollover
                                                              && (next.Sequence == entry.Sequence || next.Sequence == entry.Sequence + 1))
                    select entry)
                .Distinct()
                .ToListAsync(cancellationToken))
            .OrderBy(entry => entry.Sequence)
            .ToLookup(entry => entry.AccountId, entry => entry.ToEntry(), StringComparer.Ordinal);

        return page.Select(account =>
        {
            var id = account.AccountId;
            var journal = totals.GetValueOrDefault(id);
            return new AccountSnapshot(id, account.Available, account.Held, account.Owed, account.LastSequence,
                lots[id].Select(lot => new LotSnapshot(lot.LotId, (Bucket)lot.Bucket, lot.Remaining, lot.Held, lot.RolloverCap)).ToList(),
                holds[id].Select(hold => new HoldSnapshot(hold.HoldId, hold.Amount, StoredJson.ReadParts(hold.PartsJson))).ToList(),
                owed.GetValueOrDefault(id),
                rollovers[id].ToList(),
                new JournalTotals(journal?.Count ?? 0, journal?.Last ?? 0, journal?.Total ?? 0, lastEntries.GetValueOrDefault(id)));
        }).ToList();
    }
}

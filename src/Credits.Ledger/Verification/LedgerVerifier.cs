using Credits.Ledger.Data;
using Credits.Ledger.Holds;
using Credits.Ledger.Journal;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Verification;

/// <summary>
/// Checks every invariant of the ledger model over the whole database and reports each violation.
/// A healthy ledger reports none.
/// </summary>
public sealed class LedgerVerifier(LedgerDatabase database)
{
    /// <summary>Returns one line per violation ("account: what is wrong"); empty when the ledger is consistent.</summary>
    public async Task<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var report = await CheckAsync(cancellationToken);
        return report.Violations.Select(violation => violation.ToString()).ToList();
    }

    /// <summary>Checks every account and reports each violation with the account it concerns.</summary>
    public async Task<VerificationReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        var violations = new ViolationList();
        await using var db = database.Open();
        await using var snapshot = await db.BeginTransactionAsync(database.ReadSnapshotIsolation, cancellationToken);
        var accounts = await db.Accounts.ToListAsync(cancellationToken);
        var lots = (await db.Lots
                .GroupBy(lot => lot.AccountId)
                .Select(group => new { AccountId = group.Key, Unheld = group.Sum(lot => lot.Remaining - lot.Held), Held = group.Sum(lot => lot.Held) })
                .ToListAsync(cancellationToken))
            .ToDictionary(row => row.AccountId, StringComparer.Ordinal);
        var activeHolds = await db.Holds.Where(hold => hold.State == (int)HoldState.Active).ToListAsync(cancellationToken);
        var heldByHolds = activeHolds.GroupBy(hold => hold.AccountId)
            .ToDictionary(group => group.Key, group => group.Sum(hold => hold.Amount), StringComparer.Ordinal);
        foreach (var hold in activeHolds)
        {
            var pinned = StoredJson.ReadParts(hold.PartsJson).Sum(part => part.Amount);
            if (pinned != hold.Amount)
            {
                violations.Add(hold.AccountId, $"hold {hold.HoldId} pins {pinned} credits but holds {hold.Amount}");
            }
        }
        var owedByClawbacks = (await db.Clawbacks
                .GroupBy(clawback => clawback.AccountId)
                .Select(group => new { AccountId = group.Key, Outstanding = group.Sum(clawback => clawback.OwedOutstanding) })
                .ToListAsync(cancellationToken))
            .ToDictionary(row => row.AccountId, row => row.Outstanding, StringComparer.Ordinal);
        var journal = (await db.Journal
                .GroupBy(entry => entry.AccountId)
                .Select(group => new
                {
                    AccountId = group.Key,
                    Count = group.LongCount(),
                    Last = group.Max(entry => entry.Sequence),
                    Total = group.Sum(entry => entry.Amount),
                })
                .ToListAsync(cancellationToken))
            .ToDictionary(row => row.AccountId, StringComparer.Ordinal);
        var lastEntries = (await (from account in db.Accounts
                    join entry in db.Journal on new { account.AccountId, Sequence = account.LastSequence } equals new { entry.AccountId, entry.Sequence }
                    select new { entry.AccountId, entry.AvailableAfter, entry.HeldAfter, entry.OwedAfter })
                .ToListAsync(cancellationToken))
            .ToDictionary(row => row.AccountId, StringComparer.Ordinal);

        // A rollover never creates credits: it follows the expiry of the same lot and carries at most
        // what that expiry removed.
        var rollovers = await (from rollover in db.Journal
                where rollover.Kind == (int)EntryKind.Rollover
                from expiry in db.Journal.Where(entry => entry.AccountId == rollover.AccountId && entry.Sequence == rollover.Sequence - 1)
                    .DefaultIfEmpty()
                select new
                {
                    rollover.AccountId, rollover.Sequence, rollover.Amount, rollover.Reference,
                    ExpiryKind = expiry == null ? 0 : expiry.Kind, ExpiryLot = expiry == null ? "" : expiry.LotId,
                    ExpiryAmount = expiry == null ? 0 : expiry.Amount,
                })
            .ToListAsync(cancellationToken);
        foreach (var rollover in rollovers)
        {
            if (rollover.ExpiryKind != (int)EntryKind.LotExpire || rollover.ExpiryLot != rollover.Reference
                || rollover.Amount <= 0 || rollover.Amount > -rollover.ExpiryAmount)
            {
                violations.Add(rollover.AccountId, $"rollover entry {rollover.Sequence} carries {rollover.Amount} credits but does not follow " +
                               $"an expiry of at least as many from lot {rollover.Reference}");
            }
        }

        foreach (var account in accounts)
        {
            var id = account.AccountId;
            var lot = lots.GetValueOrDefault(id);
            var lotsUnheld = lot?.Unheld ?? 0;
            var lotsHeld = lot?.Held ?? 0;
            if (account.Available < 0 || account.Held < 0)
            {
                violations.Add(id, $"negative balance (available {account.Available}, held {account.Held})");
            }
            if (account.Available != lotsUnheld)
            {
                violations.Add(id, $"available {account.Available} != unheld lot credits {lotsUnheld}");
            }
            if (account.Held != lotsHeld)
            {
                violations.Add(id, $"held {account.Held} != held lot credits {lotsHeld}");
            }
            var holdsHeld = heldByHolds.GetValueOrDefault(id);
            if (account.Held != holdsHeld)
            {
                violations.Add(id, $"held {account.Held} != active holds {holdsHeld}");
            }
            var outstanding = owedByClawbacks.GetValueOrDefault(id);
            if (account.Owed != outstanding)
            {
                violations.Add(id, $"owed {account.Owed} != outstanding claw-backs {outstanding}");
            }
            var entries = journal.GetValueOrDefault(id);
            var count = entries?.Count ?? 0;
            if (count != account.LastSequence || (entries?.Last ?? 0) != account.LastSequence)
            {
                violations.Add(id, $"journal has {count} entries up to {entries?.Last ?? 0}, account says {account.LastSequence} (gap or duplicate)");
            }
            var replayed = entries?.Total ?? 0;
            if (replayed != account.Available + account.Held)
            {
                violations.Add(id, $"journal replays to {replayed}, balance is {account.Available + account.Held}");
            }
            if (account.LastSequence > 0)
            {
                if (!lastEntries.TryGetValue(id, out var last))
                {
                    violations.Add(id, $"last journal entry {account.LastSequence} is missing");
                }
                else if (last.AvailableAfter != account.Available || last.HeldAfter != account.Held || last.OwedAfter != account.Owed)
                {
                    violations.Add(id, $"last entry says {last.AvailableAfter}/{last.HeldAfter}/{last.OwedAfter} (available/held/owed), " +
                                   $"balance is {account.Available}/{account.Held}/{account.Owed}");
                }
            }
        }
        foreach (var orphan in lots.Keys.Concat(journal.Keys).Except(accounts.Select(account => account.AccountId), StringComparer.Ordinal).Distinct())
        {
            violations.Add(orphan, $"lots or journal entries without an account");
        }
        return new VerificationReport(accounts.Count, violations.Items);
    }

    private sealed class ViolationList
    {
        public List<LedgerViolation> Items { get; } = [];

        public void Add(string accountId, string description) => Items.Add(new LedgerViolation(accountId, description));
    }
}

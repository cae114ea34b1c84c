using Credits.Ledger.Journal;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Invariants;

/// <summary>
/// The one set of ledger invariants. The engine checks it on every account after loading and before
/// writing; <see cref="Verification.LedgerVerifier"/> checks it on every account in the database.
/// Each check is separate, so a failure names exactly what broke.
/// </summary>
internal static class AccountInvariants
{
    /// <summary>One line per broken invariant; empty when the account is consistent.</summary>
    public static IReadOnlyList<string> Check(AccountSnapshot account)
    {
        var violations = new Violations();
        violations.Require(account.Available >= 0, $"available is negative ({account.Available})");
        violations.Require(account.Held >= 0, $"held is negative ({account.Held})");
        violations.Require(account.Owed >= 0, $"owed is negative ({account.Owed})");
        foreach (var lot in account.Lots)
        {
            violations.Require(lot.Held >= 0, $"lot {lot.LotId} holds a negative amount ({lot.Held})");
            violations.Require(lot.Remaining >= lot.Held, $"lot {lot.LotId} holds {lot.Held} but has {lot.Remaining} left");
            violations.Require(lot.RolloverCap >= 0, $"lot {lot.LotId} has a negative rollover cap ({lot.RolloverCap})");
            violations.Require(lot.Bucket != Bucket.Rollover || lot.RolloverCap == 0, $"rollover lot {lot.LotId} may roll over again");
        }
        long lotsUnheld = 0, lotsHeld = 0, holdsActive = 0;
        foreach (var lot in account.Lots)
        {
            lotsUnheld += lot.Remaining - lot.Held;
            lotsHeld += lot.Held;
        }
        foreach (var hold in account.ActiveHolds)
        {
            holdsActive += hold.Amount;
        }
        violations.Require(account.Available == lotsUnheld, $"available {account.Available} != unheld lot credits {lotsUnheld}");
        violations.Require(account.Held == lotsHeld, $"held {account.Held} != held lot credits {lotsHeld}");
        violations.Require(account.Held == holdsActive, $"held {account.Held} != active holds {holdsActive}");
        foreach (var hold in account.ActiveHolds)
        {
            long pinned = 0;
            foreach (var part in hold.Parts)
            {
                pinned += part.Amount;
            }
            violations.Require(pinned == hold.Amount, $"hold {hold.HoldId} pins {pinned} credits but holds {hold.Amount}");
        }
        violations.Require(account.Owed == account.OwedOutstanding, $"owed {account.Owed} != outstanding claw-backs {account.OwedOutstanding}");
        CheckRollovers(account.Entries, violations);
        if (account.Journal is { } journal)
        {
            CheckJournal(account, journal, violations);
        }
        return violations.Found;
    }

    /// <summary>A rollover never creates credits: it follows its lot's expiry and carries at most what that expiry removed.</summary>
    private static void CheckRollovers(IReadOnlyList<JournalEntry> entries, Violations violations)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var rollover = entries[i];
            if (rollover.Kind != EntryKind.Rollover)
            {
                continue;
            }
            var expiry = i > 0 && entries[i - 1].Sequence == rollover.Sequence - 1 ? entries[i - 1] : null;
            var expired = expiry is { Kind: EntryKind.LotExpire } && expiry.LotId == rollover.Reference ? -expiry.Amount : 0;
            violations.Require(rollover.Amount > 0 && rollover.Amount <= expired,
                $"rollover entry {rollover.Sequence} carries {rollover.Amount} credits but does not follow an expiry of at least as many " +
                $"from lot {rollover.Reference}");
        }
    }

    /// <summary>The journal has no gap and replays to the balance, and its last entry states the balance.</summary>
    private static void CheckJournal(AccountSnapshot account, JournalTotals journal, Violations violations)
    {
        violations.Require(journal.Count == account.LastSequence && journal.LastSequence == account.LastSequence,
            $"journal has {journal.Count} entries up to {journal.LastSequence}, account says {account.LastSequence} (gap or duplicate)");
        violations.Require(journal.Total == account.Available + account.Held,
            $"journal replays to {journal.Total}, balance is {account.Available + account.Held}");
        if (account.LastSequence == 0)
        {
            return;
        }
        violations.Require(journal.Last is not null, $"last journal entry {account.LastSequence} is missing");
        if (journal.Last is { } last)
        {
            violations.Require(last.AvailableAfter == account.Available && last.HeldAfter == account.Held && last.OwedAfter == account.Owed,
                $"last entry says {last.AvailableAfter}/{last.HeldAfter}/{last.OwedAfter} (available/held/owed), " +
                $"balance is {account.Available}/{account.Held}/{account.Owed}");
        }
    }
}

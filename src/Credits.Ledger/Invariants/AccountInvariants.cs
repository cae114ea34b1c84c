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
        var violations = new List<string>();
        void Require(bool condition, string what)
        {
            if (!condition)
            {
                violations.Add(what);
            }
        }

        Require(account.Available >= 0, $"available is negative ({account.Available})");
        Require(account.Held >= 0, $"held is negative ({account.Held})");
        Require(account.Owed >= 0, $"owed is negative ({account.Owed})");
        foreach (var lot in account.Lots)
        {
            Require(lot.Held >= 0, $"lot {lot.LotId} holds a negative amount ({lot.Held})");
            Require(lot.Remaining >= lot.Held, $"lot {lot.LotId} holds {lot.Held} but has {lot.Remaining} left");
            Require(lot.RolloverCap >= 0, $"lot {lot.LotId} has a negative rollover cap ({lot.RolloverCap})");
            Require(lot.Bucket != Bucket.Rollover || lot.RolloverCap == 0, $"rollover lot {lot.LotId} may roll over again");
        }
        var lotsUnheld = account.Lots.Sum(lot => lot.Remaining - lot.Held);
        var lotsHeld = account.Lots.Sum(lot => lot.Held);
        var holdsActive = account.ActiveHolds.Sum(hold => hold.Amount);
        Require(account.Available == lotsUnheld, $"available {account.Available} != unheld lot credits {lotsUnheld}");
        Require(account.Held == lotsHeld, $"held {account.Held} != held lot credits {lotsHeld}");
        Require(account.Held == holdsActive, $"held {account.Held} != active holds {holdsActive}");
        foreach (var hold in account.ActiveHolds)
        {
            var pinned = hold.Parts.Sum(part => part.Amount);
            Require(pinned == hold.Amount, $"hold {hold.HoldId} pins {pinned} credits but holds {hold.Amount}");
        }
        Require(account.Owed == account.OwedOutstanding, $"owed {account.Owed} != outstanding claw-backs {account.OwedOutstanding}");
        CheckRollovers(account.Entries, Require);
        if (account.Journal is { } journal)
        {
            CheckJournal(account, journal, Require);
        }
        return violations;
    }

    /// <summary>A rollover never creates credits: it follows its lot's expiry and carries at most what that expiry removed.</summary>
    private static void CheckRollovers(IReadOnlyList<JournalEntry> entries, Action<bool, string> require)
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
            require(rollover.Amount > 0 && rollover.Amount <= expired,
                $"rollover entry {rollover.Sequence} carries {rollover.Amount} credits but does not follow an expiry of at least as many " +
                $"from lot {rollover.Reference}");
        }
    }

    /// <summary>The journal has no gap and replays to the balance, and its last entry states the balance.</summary>
    private static void CheckJournal(AccountSnapshot account, JournalTotals journal, Action<bool, string> require)
    {
        require(journal.Count == account.LastSequence && journal.LastSequence == account.LastSequence,
            $"journal has {journal.Count} entries up to {journal.LastSequence}, account says {account.LastSequence} (gap or duplicate)");
        require(journal.Total == account.Available + account.Held,
            $"journal replays to {journal.Total}, balance is {account.Available + account.Held}");
        if (account.LastSequence == 0)
        {
            return;
        }
        require(journal.Last is not null, $"last journal entry {account.LastSequence} is missing");
        if (journal.Last is { } last)
        {
            require(last.AvailableAfter == account.Available && last.HeldAfter == account.Held && last.OwedAfter == account.Owed,
                $"last entry says {last.AvailableAfter}/{last.HeldAfter}/{last.OwedAfter} (available/held/owed), " +
                $"balance is {account.Available}/{account.Held}/{account.Owed}");
        }
    }
}

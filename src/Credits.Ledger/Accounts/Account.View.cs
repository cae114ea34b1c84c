using Credits.Ledger.Balances;
using Credits.Ledger.Holds;
using Credits.Ledger.Invariants;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Accounts;

/// <summary>What callers see of the account: the balance view.</summary>
internal sealed partial class Account
{
    public BalanceView View(DateTimeOffset now)
    {
        var scoped = new List<ScopedBalance>();
        IEnumerable<Lot> unscoped = _lots.Values;
        long scopedUnheld = 0;
        if (_lots.Values.Any(lot => lot.IsScoped))
        {
            scoped = _lots.Values.Where(lot => lot.IsScoped)
                .GroupBy(lot => LotFeatures.Write(lot.Features), StringComparer.Ordinal)
                .Select(group => new ScopedBalance(group.First().Features, group.Sum(lot => lot.AvailableAt(now)), group.Sum(lot => lot.Held)))
                .Where(set => set.Available != 0 || set.Held != 0)
                .OrderBy(set => string.Join('\n', set.Features), StringComparer.Ordinal)
                .ToList();
            unscoped = _lots.Values.Where(lot => !lot.IsScoped).ToList();
            scopedUnheld = _lots.Values.Where(lot => lot.IsScoped).Sum(lot => lot.Unheld);
        }
        var buckets = unscoped
            .GroupBy(lot => lot.Bucket)
            .Select(group => new BucketBalance(group.Key, group.Sum(lot => lot.AvailableAt(now)), group.Sum(lot => lot.Held)))
            .Where(bucket => bucket.Available != 0 || bucket.Held != 0)
            .OrderBy(bucket => bucket.Bucket)
            .ToList();
        var expiring = unscoped.Where(lot => lot.ExpiresAt is not null && lot.AvailableAt(now) > 0).ToList();
        UpcomingExpiry? nextExpiry = null;
        if (expiring.Count > 0)
        {
            var soonest = expiring.Min(lot => lot.ExpiresAt!.Value);
            nextExpiry = new UpcomingExpiry(expiring.Where(lot => lot.ExpiresAt == soonest).Sum(lot => lot.AvailableAt(now)), soonest);
        }
        var frozen = _holds.Values.Where(hold => hold.Purpose == HoldPurpose.Freeze && hold.IsActive).Sum(hold => hold.Amount);
        // Available counts every lot's unheld credits; the balance shows the unscoped ones.
        var available = Available - scopedUnheld;
        return new BalanceView(AccountId, available, Held, buckets, nextExpiry, Owed, frozen, LastSequence) { Scoped = scoped };
    }

    /// <summary>The account's state as the invariant set reads it (plain loops: this runs twice per account per batch).</summary>
    public AccountSnapshot Snapshot()
    {
        var lots = new List<LotSnapshot>(_lots.Count);
        foreach (var lot in _lots.Values)
        {
            lots.Add(new LotSnapshot(lot.LotId, lot.Bucket, lot.Remaining, lot.Held, lot.RolloverCap));
        }
        var holds = new List<HoldSnapshot>();
        foreach (var hold in _holds.Values)
        {
            if (hold.IsActive)
            {
                holds.Add(new HoldSnapshot(hold.HoldId, hold.Amount, hold.Parts));
            }
        }
        long owedOutstanding = 0;
        foreach (var clawback in _clawbacks.Values)
        {
            owedOutstanding += clawback.OwedOutstanding;
        }
        return new AccountSnapshot(AccountId, Available, Held, Owed, LastSequence, lots, holds, owedOutstanding, _newEntries);
    }

    /// <summary>
    /// Checks the stored-state invariants; a failure is a bug in a rule, never an operating error,
    /// so it throws rather than reporting a ledger error.
    /// </summary>
    public void AssertInvariants()
    {
        var violations = AccountInvariants.Check(Snapshot());
        if (violations.Count > 0)
        {
            throw new InvalidOperationException($"Ledger invariant broken on {AccountId}: {string.Join("; ", violations)}.");
        }
    }
}

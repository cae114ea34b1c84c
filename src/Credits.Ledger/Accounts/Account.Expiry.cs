using Credits.Ledger.Engine;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Accounts;

/// <summary>Lot expiry and the rollover of subscription allowances it may cause.</summary>
internal sealed partial class Account
{
    /// <summary>
    /// The first moment after <paramref name="now"/> at which time alone changes the balance (a lot
    /// or an active hold expiring), until which <see cref="View"/> stays true. A lead not yet given
    /// its allowance changes at its first use, so at once.
    /// </summary>
    public DateTimeOffset NextChangeAt(DateTimeOffset now)
    {
        if (Kind == AccountKind.Lead && LeadState == LeadState.None)
        {
            return now;
        }
        var next = DateTimeOffset.MaxValue;
        foreach (var lot in _lots.Values)
        {
            if (lot.Remaining > 0 && lot.ExpiresAt is { } expiresAt && expiresAt < next)
            {
                next = expiresAt;
            }
        }
        foreach (var hold in _holds.Values)
        {
            if (hold.IsActive && hold.ExpiresAt < next)
            {
                next = hold.ExpiresAt;
            }
        }
        return next;
    }

    /// <summary>
    /// Removes the unheld credits of every expired lot, one entry per lot. A lot with rollover terms
    /// then carries up to what is left of its cap into a new rollover lot (a second entry), which
    /// may itself be due already when the catch-up comes late, hence the loop. The one expiry path
    /// for lazy reads, writes and sweeps, so all three agree.
    /// </summary>
    private void ExpireLots(RuleContext context)
    {
        // Each pass creates only rollover lots, which never roll over: two passes always suffice.
        for (var pass = 0; pass < 3; pass++)
        {
            var expired = BurnDown.Order(_lots.Values.Where(lot => lot.IsExpiredAt(context.Now) && lot.Unheld > 0)).ToList();
            if (expired.Count == 0)
            {
                return;
            }
            foreach (var lot in expired)
            {
                var amount = lot.Unheld;
                TakeFrom(lot, amount);
                Append(context, EntryKind.LotExpire, -amount, Actors.System, "", NoMetadata,
                    lotId: lot.LotId, parts: [new LotPart(lot.LotId, amount)], bucket: lot.Bucket);
                RollOver(lot, amount, context);
            }
        }
        throw new InvalidOperationException($"Lot expiry on {AccountId} did not settle: a rollover lot rolled over again.");
    }

    /// <summary>Carries min(<paramref name="expired"/>, what is left of the cap) of an expired lot into a rollover lot.</summary>
    private void RollOver(Lot source, long expired, RuleContext context)
    {
        var amount = Math.Min(expired, source.RolloverCap);
        if (amount <= 0 || source.RolloverExpiresAt is not { } expiresAt)
        {
            return;
        }
        source.UseRolloverCap(amount);
        // The rolled-over credits keep the source's feature scope: they pay for what it paid for.
        var lot = AddLot(amount, Bucket.Rollover, context.Options.DefaultPriority(Bucket.Rollover), expiresAt, source.LotId, context,
            features: source.Features);
        Append(context, EntryKind.Rollover, amount, Actors.System, "", NoMetadata,
            lotId: lot.LotId, parts: [new LotPart(lot.LotId, amount)], bucket: Bucket.Rollover, reference: source.LotId);
    }
}

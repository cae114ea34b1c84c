using Credits.Ledger.Engine;

namespace Credits.Ledger.Subscriptions;

// One subscription: its tier, its current period, and what is scheduled for the period's end (a
// downgrade, or the end of the subscription). It changes only through the methods below, each of
// which checks that the change is allowed and marks the subscription changed, so the repository
// writes it exactly when something changed. Times are kept in whole milliseconds, as stored, so
// that comparing a reported period with the stored one means the same before and after a reload.
// What the ledger granted for it is not here: each grant is recorded under its own key
// (SubscriptionGrant), so that it happens once however often a report arrives.
internal sealed class Subscription
{
    // Restores a subscription as it was stored.
    public Subscription(string accountId, string subscriptionId, SubscriptionSource source, string tierId, SubscriptionStatus status,
        DateTimeOffset periodStart, DateTimeOffset periodEnd, bool cancelAtPeriodEnd, string? pendingTierId, string? email,
        DateTimeOffset createdAt)
    {
        AccountId = accountId;
        SubscriptionId = subscriptionId;
        Source = source;
        TierId = tierId;
        Status = status;
        PeriodStart = Whole(periodStart);
        PeriodEnd = Whole(periodEnd);
        CancelAtPeriodEnd = cancelAtPeriodEnd;
        PendingTierId = pendingTierId;
        Email = email;
        CreatedAt = Whole(createdAt);
        IsStored = true;
    }

    // A new subscription, active in its first period.
    public static Subscription Start(string accountId, string subscriptionId, SubscriptionSource source, string tierId,
        DateTimeOffset periodStart, DateTimeOffset periodEnd, string? email, DateTimeOffset now)
    {
        RequirePeriod(periodStart, periodEnd);
        return new Subscription(accountId, subscriptionId, source, tierId, SubscriptionStatus.Active, periodStart, periodEnd,
            cancelAtPeriodEnd: false, pendingTierId: null, email, now)
        {
            IsStored = false,
            HasChanges = true,
        };
    }

    public string AccountId { get; }

    public string SubscriptionId { get; }

    public SubscriptionSource Source { get; }

    // Empty for a Stripe subscription first reported by its deletion, whose price no tier sells.
    public string TierId { get; private set; }

    public SubscriptionStatus Status { get; private set; }

    public DateTimeOffset PeriodStart { get; private set; }

    public DateTimeOffset PeriodEnd { get; private set; }

    public bool CancelAtPeriodEnd { get; private set; }

    // A downgrade scheduled for the next renewal.
    public string? PendingTierId { get; private set; }

    public string? Email { get; private set; }

    public DateTimeOffset CreatedAt { get; }

    public bool IsStored { get; private set; }

    public bool HasChanges { get; private set; }

    public bool IsActive => Status == SubscriptionStatus.Active;

    public bool IsCanceled => Status == SubscriptionStatus.Canceled;

    // The tier the next period is allocated at: the scheduled downgrade's, if there is one.
    public string NextTierId => PendingTierId ?? TierId;

    // The current period is over and nothing has moved it on yet (a manual subscription's renewal).
    public bool IsDueAt(DateTimeOffset now) => IsActive && PeriodEnd <= Whole(now);

    // A cancelled subscription allocates nothing more, even if a late invoice for a later period
    // says otherwise.
    public bool IsCanceledBefore(DateTimeOffset periodStart) => IsCanceled && Whole(periodStart) >= PeriodEnd;

    // The newest address a report gives is the one emails go to.
    public void UpdateEmail(string? email)
    {
        if (email is null || email == Email)
        {
            return;
        }
        Email = email;
        HasChanges = true;
    }

    // Renewal: the newest period is the current one, at the tier its invoice billed (a scheduled
    // downgrade takes effect here, and a scheduled cancellation belonged to the period that ended).
    // An older period arriving late never moves the subscription back; returns whether it moved.
    public bool Renew(string tierId, DateTimeOffset periodStart, DateTimeOffset periodEnd)
    {
        ArgumentException.ThrowIfNullOrEmpty(tierId);
        RequirePeriod(periodStart, periodEnd);
        if (Whole(periodEnd) <= PeriodEnd)
        {
            return false;
        }
        PeriodStart = Whole(periodStart);
        PeriodEnd = Whole(periodEnd);
        TierId = tierId;
        PendingTierId = null;
        CancelAtPeriodEnd = false;
        HasChanges = true;
        return true;
    }

    // An upgrade (or a move to a tier as large) takes effect at once, and replaces any scheduled downgrade.
    public void ChangeTier(string tierId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tierId);
        Require(tierId != TierId, "a change of tier names another tier");
        TierId = tierId;
        PendingTierId = null;
        HasChanges = true;
    }

    // A downgrade waits for the next renewal; returns false when it is scheduled already.
    public bool ScheduleDowngrade(string tierId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tierId);
        Require(tierId != TierId, "a downgrade names another tier");
        if (PendingTierId == tierId)
        {
            return false;
        }
        PendingTierId = tierId;
        HasChanges = true;
        return true;
    }

    // Back to the current tier before the renewal: the scheduled downgrade is off. Returns false
    // when none was scheduled.
    public bool DropScheduledDowngrade()
    {
        if (PendingTierId is null)
        {
            return false;
        }
        PendingTierId = null;
        HasChanges = true;
        return true;
    }

    // Ends the subscription now; returns false when it had ended already.
    public bool Cancel()
    {
        if (IsCanceled)
        {
            return false;
        }
        Status = SubscriptionStatus.Canceled;
        HasChanges = true;
        return true;
    }

    // Sets or clears the cancellation at the period's end (a cleared one resumes the subscription).
    public void SetCancelAtPeriodEnd(bool cancel)
    {
        if (CancelAtPeriodEnd == cancel)
        {
            return;
        }
        CancelAtPeriodEnd = cancel;
        HasChanges = true;
    }

    // The period ended with a cancellation scheduled: the subscription ends instead of renewing.
    public void EndAtPeriodEnd(DateTimeOffset now)
    {
        Require(CancelAtPeriodEnd, "only a subscription set to cancel at its period's end ends there");
        Require(IsDueAt(now), "only an active subscription whose period is over ends");
        Status = SubscriptionStatus.Canceled;
        HasChanges = true;
    }

    public SubscriptionView ToView() =>
        new(SubscriptionId, AccountId, Source, TierId, Status, PeriodStart, PeriodEnd, CancelAtPeriodEnd, PendingTierId);

    // Called by the repository once the subscription is written.
    public void MarkSaved()
    {
        IsStored = true;
        HasChanges = false;
    }

    private static DateTimeOffset Whole(DateTimeOffset at) => Clock.FromMs(Clock.ToMs(at));

    private static void RequirePeriod(DateTimeOffset periodStart, DateTimeOffset periodEnd)
    {
        if (Whole(periodEnd) <= Whole(periodStart))
        {
            throw new ArgumentException($"A period ends after it starts ({periodStart:O} to {periodEnd:O}).", nameof(periodEnd));
        }
    }

    private void Require(bool condition, string rule)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Subscription {SubscriptionId} ({Status}): {rule}.");
        }
    }
}

using Credits.Ledger.Subscriptions;

namespace Credits.Ledger.Tests.Subscriptions;

/// <summary>The subscription aggregate on its own: which changes it allows, and which it marks.</summary>
public sealed class SubscriptionAggregateTests
{
    private static readonly DateTimeOffset January = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset February = January.AddMonths(1);
    private static readonly DateTimeOffset March = February.AddMonths(1);

    private static Subscription Stored(string tierId = "pro", bool cancelAtPeriodEnd = false, string? pendingTierId = null) =>
        new("user:subscriber", "sub_aggregate", SubscriptionSource.Manual, tierId, SubscriptionStatus.Active, January, February,
            cancelAtPeriodEnd, pendingTierId, "subscriber@example.com", January);

    [Test]
    public void A_new_subscription_is_active_and_marked_for_insertion()
    {
        var subscription = Subscription.Start("user:subscriber", "sub_new", SubscriptionSource.Stripe, "basic", January, February, null, January);

        Assert.That((subscription.IsActive, subscription.IsStored, subscription.HasChanges), Is.EqualTo((true, false, true)));
    }

    [Test]
    public void A_period_that_does_not_end_after_it_starts_is_refused()
    {
        Assert.Throws<ArgumentException>(() =>
            Subscription.Start("user:subscriber", "sub_new", SubscriptionSource.Stripe, "basic", February, February, null, January));
        Assert.Throws<ArgumentException>(() => Stored().Renew("pro", March, February));
    }

    [Test]
    public void A_renewal_takes_the_billed_tier_and_ends_what_was_scheduled_for_the_old_period()
    {
        var subscription = Stored(cancelAtPeriodEnd: true, pendingTierId: "basic");

        var moved = subscription.Renew("basic", February, March);

        Assert.That(moved, Is.True);
        Assert.That((subscription.TierId, subscription.PendingTierId, subscription.CancelAtPeriodEnd, subscription.PeriodStart, subscription.PeriodEnd),
            Is.EqualTo(("basic", (string?)null, false, February, March)));
    }

    [Test]
    public void A_late_invoice_for_an_older_period_never_moves_the_subscription_back()
    {
        var subscription = Stored();
        subscription.Renew("pro", February, March);
        subscription.MarkSaved();

        var moved = subscription.Renew("basic", January, February);

        Assert.That((moved, subscription.HasChanges, subscription.TierId, subscription.PeriodEnd), Is.EqualTo((false, false, "pro", March)));
    }

    [Test]
    public void A_change_to_the_current_tier_is_refused()
    {
        var subscription = Stored("pro");

        Assert.Throws<InvalidOperationException>(() => subscription.ChangeTier("pro"));
        Assert.Throws<InvalidOperationException>(() => subscription.ScheduleDowngrade("pro"));
    }

    [Test]
    public void An_upgrade_replaces_a_scheduled_downgrade()
    {
        var subscription = Stored("pro", pendingTierId: "basic");

        subscription.ChangeTier("max");

        Assert.That((subscription.TierId, subscription.PendingTierId), Is.EqualTo(("max", (string?)null)));
    }

    [Test]
    public void A_downgrade_is_scheduled_once_and_can_be_taken_back()
    {
        var subscription = Stored("pro");

        Assert.That(subscription.ScheduleDowngrade("basic"), Is.True);
        Assert.That(subscription.ScheduleDowngrade("basic"), Is.False, "already scheduled");
        Assert.That((subscription.TierId, subscription.NextTierId), Is.EqualTo(("pro", "basic")));
        Assert.That(subscription.DropScheduledDowngrade(), Is.True);
        Assert.That(subscription.DropScheduledDowngrade(), Is.False, "nothing left to drop");
    }

    [Test]
    public void A_subscription_is_cancelled_once()
    {
        var subscription = Stored();

        Assert.That(subscription.Cancel(), Is.True);
        Assert.That(subscription.Cancel(), Is.False);
        Assert.That(subscription.IsCanceledBefore(February), Is.True, "an invoice for a later period allocates nothing");
        Assert.That(subscription.IsCanceledBefore(January), Is.False, "an invoice for the current period still does");
    }

    [Test]
    public void Ending_at_the_period_end_needs_a_scheduled_cancellation_and_a_period_that_is_over()
    {
        var notScheduled = Stored();
        var scheduled = Stored(cancelAtPeriodEnd: true);

        Assert.Throws<InvalidOperationException>(() => notScheduled.EndAtPeriodEnd(February));
        Assert.Throws<InvalidOperationException>(() => scheduled.EndAtPeriodEnd(February.AddMilliseconds(-1)), "the period is not over");
        scheduled.EndAtPeriodEnd(February);

        Assert.That((scheduled.IsCanceled, scheduled.IsDueAt(March)), Is.EqualTo((true, false)));
    }

    [Test]
    public void A_report_that_repeats_what_is_known_changes_nothing()
    {
        var subscription = Stored();

        subscription.UpdateEmail("subscriber@example.com");
        subscription.UpdateEmail(null);
        subscription.SetCancelAtPeriodEnd(false);

        Assert.That(subscription.HasChanges, Is.False);
        subscription.SetCancelAtPeriodEnd(true);
        Assert.That(subscription.HasChanges, Is.True);
    }
}

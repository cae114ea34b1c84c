using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Subscriptions;

namespace Credits.Ledger.Tests.Subscriptions;

/// <summary>Upgrades at once (prorated or whole), downgrades at the next renewal, cancellation; each journalled.</summary>
public sealed class TierChangeTests(DatabaseProvider provider) : SubscriptionFixture(provider)
{
    [Test]
    public async Task An_upgrade_mid_period_grants_the_difference_prorated_by_the_time_left()
    {
        const string account = "user:upgrade-prorated";
        var start = Now;
        var subscription = await Subscriptions.StartManualAsync(account, TestTiers.Basic.TierId, "start", Admin);
        // January has 31 days; 10 have passed, 21 are left: (400 - 100) * 21 / 31 = 203.2, rounded down.
        Ledger.Time.SetUtcNow(start.AddDays(10));

        var view = await Subscriptions.ChangeManualAsync(subscription.SubscriptionId, TestTiers.Pro.TierId, "change", Admin);

        Assert.That((view.TierId, view.PendingTierId), Is.EqualTo((TestTiers.Pro.TierId, (string?)null)));
        Assert.That((await Buckets(account)).GetValueOrDefault(Bucket.Subscription), Is.EqualTo(100 + 203));
        var upgrade = (await Ledger.History(account)).Last();
        Assert.That((upgrade.Kind, upgrade.Amount), Is.EqualTo((EntryKind.Grant, 203L)));
        Assert.That((upgrade.Metadata["old_tier"], upgrade.Metadata["new_tier"]), Is.EqualTo(("basic", "pro")));

        await RenewAt(start.AddMonths(1));
        var buckets = await Buckets(account);
        Assert.That(buckets.GetValueOrDefault(Bucket.Subscription), Is.EqualTo(400), "the next period allocates the new tier");
        Assert.That(buckets.GetValueOrDefault(Bucket.Rollover), Is.EqualTo(100), "303 unused: the two lots carry 30 + 70, the pro cap");
        await AssertLedgerConsistent(account);
    }

    [Test]
    public async Task An_upgrade_mid_period_grants_the_whole_difference_when_the_tier_says_so()
    {
        const string account = "user:upgrade-whole";
        var start = Now;
        var subscription = await Subscriptions.StartManualAsync(account, TestTiers.Basic.TierId, "start", Admin);
        Ledger.Time.SetUtcNow(start.AddDays(20));

        await Subscriptions.ChangeManualAsync(subscription.SubscriptionId, TestTiers.ProWhole.TierId, "change", Admin);
        await Subscriptions.ChangeManualAsync(subscription.SubscriptionId, TestTiers.ProWhole.TierId, "change", Admin);

        Assert.That((await Buckets(account)).GetValueOrDefault(Bucket.Subscription), Is.EqualTo(400), "100 + the whole 300, once");
        await AssertLedgerConsistent(account);
    }

    [Test]
    public async Task A_downgrade_takes_effect_at_the_next_renewal()
    {
        const string account = "user:downgrade";
        var start = Now;
        var subscription = await Subscriptions.StartManualAsync(account, TestTiers.Pro.TierId, "start", Admin);
        Ledger.Time.SetUtcNow(start.AddDays(5));

        var view = await Subscriptions.ChangeManualAsync(subscription.SubscriptionId, TestTiers.Basic.TierId, "change", Admin);

        Assert.That((view.TierId, view.PendingTierId), Is.EqualTo(("pro", (string?)"basic")));
        Assert.That((await Ledger.Balance(account)).Available, Is.EqualTo(400), "nothing is taken back");
        var note = (await Ledger.History(account)).Last();
        Assert.That((note.Kind, note.Metadata["event"], note.Metadata["old_tier"], note.Metadata["new_tier"]),
            Is.EqualTo((EntryKind.Note, "subscription_downgrade_scheduled", "pro", "basic")));

        await RenewAt(start.AddMonths(1));
        var renewed = await Subscriptions.GetAsync(subscription.SubscriptionId);
        Assert.That((renewed.TierId, renewed.PendingTierId), Is.EqualTo(("basic", (string?)null)));
        var buckets = await Buckets(account);
        Assert.That((buckets.GetValueOrDefault(Bucket.Subscription), buckets.GetValueOrDefault(Bucket.Rollover)), Is.EqualTo((100L, 100L)),
            "the basic allocation, and the pro period's rollover under the pro cap");
        await AssertLedgerConsistent(account);
    }

    [Test]
    public async Task Cancellation_at_period_end_stops_future_allocations_and_keeps_current_credits()
    {
        const string account = "user:cancel-at-end";
        var start = Now;
        var subscription = await Subscriptions.StartManualAsync(account, TestTiers.Basic.TierId, "start", Admin);

        var view = await Subscriptions.CancelManualAsync(subscription.SubscriptionId, atPeriodEnd: true, "cancel", Admin);
        Assert.That((view.Status, view.CancelAtPeriodEnd), Is.EqualTo((SubscriptionStatus.Active, true)));
        Assert.That((await Ledger.Balance(account)).Available, Is.EqualTo(100), "current credits stay");
        var note = (await Ledger.History(account)).Last();
        Assert.That(note.Metadata["event"], Is.EqualTo("subscription_cancel_scheduled"));

        await RenewAt(start.AddMonths(1));
        Assert.That((await Subscriptions.GetAsync(subscription.SubscriptionId)).Status, Is.EqualTo(SubscriptionStatus.Canceled));
        await RenewAt(start.AddMonths(2));
        var grants = (await Ledger.History(account)).Count(entry => entry.Kind == EntryKind.Grant);
        Assert.That(grants, Is.EqualTo(1), "no allocation after the cancellation");
        var error = await Fails(() => Subscriptions.ChangeManualAsync(subscription.SubscriptionId, TestTiers.Pro.TierId, "change", Admin));
        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.SubscriptionCanceled));
        await AssertLedgerConsistent(account);
    }

    [Test]
    public async Task Cancelling_now_keeps_the_credits_until_they_expire()
    {
        const string account = "user:cancel-now";
        var start = Now;
        var subscription = await Subscriptions.StartManualAsync(account, TestTiers.Basic.TierId, "start", Admin);

        var view = await Subscriptions.CancelManualAsync(subscription.SubscriptionId, atPeriodEnd: false, "cancel", Admin);

        Assert.That(view.Status, Is.EqualTo(SubscriptionStatus.Canceled));
        Assert.That((await Ledger.Balance(account)).Available, Is.EqualTo(100));
        Assert.That((await Ledger.History(account)).Last().Metadata["event"], Is.EqualTo("subscription_canceled"));
        await RenewAt(start.AddMonths(1));
        Assert.That((await Buckets(account)).GetValueOrDefault(Bucket.Subscription), Is.EqualTo(0));
        await AssertLedgerConsistent(account);
    }

    [Test]
    public async Task An_unknown_tier_is_not_found()
    {
        var error = await Fails(() => Subscriptions.StartManualAsync("user:unknown-tier", "platinum", "start", Admin));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.TierNotFound));
        Assert.That(error.Metadata["tierId"], Is.EqualTo("platinum"));
    }
}

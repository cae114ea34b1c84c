using Credits.Ledger.Data;
using Credits.Stripe.Tests.Support;
using Credits.V1;

namespace Credits.Stripe.Tests.Subscriptions;

/// <summary>Tier changes and cancellation from customer.subscription.* events and subscription_update invoices.</summary>
public sealed class SubscriptionChangeTests(DatabaseProvider provider) : SubscriptionEventFixture(provider)
{
    private async Task<(string Account, string SubscriptionId, (DateTimeOffset Start, DateTimeOffset End) Period)> Subscribed(string priceId)
    {
        var account = NewAccount();
        var subscriptionId = StripeObjects.NewId("sub_");
        // Each test starts on a fresh calendar month, so the proration below is exact.
        var start = new DateTimeOffset(Now.Year, Now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        Time.SetUtcNow(start);
        var period = Month(start);
        Assert.That(await InvoicePaid(StripeObjects.NewId("in_"), subscriptionId, account, priceId, period, "subscription_create"), Is.EqualTo("applied"));
        return (account, subscriptionId, period);
    }

    [Test]
    public async Task An_upgrade_by_subscription_updated_grants_the_prorated_difference_at_once_and_journals_both_tiers()
    {
        var (account, subscriptionId, period) = await Subscribed(TestTiers.BasicPrice);
        var days = (period.End - period.Start).Days;
        Time.SetUtcNow(period.Start.AddDays(10));

        var outcome = await SubscriptionUpdated(subscriptionId, account, TestTiers.ProPrice, period);

        Assert.That(outcome, Is.EqualTo("applied"));
        var expected = (TestTiers.ProCredits - TestTiers.BasicCredits) * (days - 10) / days;
        Assert.That(await InBucket(account, Bucket.Subscription), Is.EqualTo(TestTiers.BasicCredits + expected));
        var upgrade = (await History(account)).Last();
        Assert.That((upgrade.Kind, upgrade.Amount), Is.EqualTo((EntryKind.Grant, expected)));
        Assert.That((upgrade.Metadata["event"], upgrade.Metadata["old_tier"], upgrade.Metadata["new_tier"]),
            Is.EqualTo(("subscription_upgrade", TestTiers.Basic, TestTiers.Pro)));
        Assert.That((await GetSubscription(subscriptionId)).TierId, Is.EqualTo(TestTiers.Pro));
        await AssertJournalReplaysToBalance(account);
    }

    [Test]
    public async Task An_upgrade_by_a_subscription_update_invoice_grants_the_whole_difference_once_when_the_tier_says_so()
    {
        var (account, subscriptionId, period) = await Subscribed(TestTiers.BasicPrice);
        Time.SetUtcNow(period.Start.AddDays(20));
        var rest = (Now, period.End);
        var invoice = StripeObjects.Invoice(StripeObjects.NewId("in_"), subscriptionId, account, TestTiers.MaxPrice, rest.Now, rest.End,
            "subscription_update", amount: 5000, extraLinesBefore: [ProrationLine(TestTiers.BasicPrice, -700, rest)]);

        var byInvoice = await Deliver("invoice.paid", invoice);
        var byEvent = await SubscriptionUpdated(subscriptionId, account, TestTiers.MaxPrice, period, shape: StripeShape.Older);

        Assert.That((byInvoice, byEvent), Is.EqualTo(("applied", "unchanged")));
        Assert.That(await InBucket(account, Bucket.Subscription), Is.EqualTo(TestTiers.MaxCredits), "100 + the whole 900, once");
        await AssertJournalReplaysToBalance(account);
    }

    [Test]
    public async Task A_downgrade_takes_effect_at_the_renewal_invoice()
    {
        var (account, subscriptionId, period) = await Subscribed(TestTiers.ProPrice);
        Time.SetUtcNow(period.Start.AddDays(5));

        var outcome = await SubscriptionUpdated(subscriptionId, account, TestTiers.BasicPrice, period);

        Assert.That(outcome, Is.EqualTo("applied"));
        Assert.That((await Balance(account)).Available, Is.EqualTo(TestTiers.ProCredits), "nothing is taken back");
        var scheduled = await GetSubscription(subscriptionId);
        Assert.That((scheduled.TierId, scheduled.PendingTierId), Is.EqualTo((TestTiers.Pro, TestTiers.Basic)));
        var note = (await History(account)).Last();
        Assert.That((note.Metadata["event"], note.Metadata["old_tier"], note.Metadata["new_tier"]),
            Is.EqualTo(("subscription_downgrade_scheduled", TestTiers.Pro, TestTiers.Basic)));

        var next = Month(period.End);
        Time.SetUtcNow(next.Start);
        await InvoicePaid(StripeObjects.NewId("in_"), subscriptionId, account, TestTiers.BasicPrice, next);

        var renewed = await GetSubscription(subscriptionId);
        Assert.That((renewed.TierId, renewed.PendingTierId), Is.EqualTo((TestTiers.Basic, "")));
        var balance = await Balance(account);
        Assert.That((Buckets(balance).GetValueOrDefault(Bucket.Subscription), Buckets(balance).GetValueOrDefault(Bucket.Rollover)),
            Is.EqualTo((TestTiers.BasicCredits, TestTiers.ProRolloverCap)), "the basic allocation, and the pro period's rollover under the pro cap");
        await AssertJournalReplaysToBalance(account);
    }

    [Test]
    public async Task Cancellation_at_period_end_is_journalled_stops_allocations_and_keeps_current_credits()
    {
        var (account, subscriptionId, period) = await Subscribed(TestTiers.BasicPrice);
        Time.SetUtcNow(period.Start.AddDays(15));

        var scheduled = await SubscriptionUpdated(subscriptionId, account, TestTiers.BasicPrice, period, cancelAtPeriodEnd: true);

        Assert.That(scheduled, Is.EqualTo("applied"));
        Assert.That((await Balance(account)).Available, Is.EqualTo(TestTiers.BasicCredits), "current credits stay");
        Assert.That((await History(account)).Last().Metadata["event"], Is.EqualTo("subscription_cancel_scheduled"));
        Assert.That((await GetSubscription(subscriptionId)).CancelAtPeriodEnd, Is.True);
        var email = (await Outbox(account)).Last();
        Assert.That((email.Topic, email.Payload["effectiveAt"]!.GetValue<string>()),
            Is.EqualTo(("receipt.subscription_canceled", period.End.ToString("O", System.Globalization.CultureInfo.InvariantCulture))));

        Time.SetUtcNow(period.End);
        var deleted = await SubscriptionDeleted(subscriptionId, account, TestTiers.BasicPrice, period);
        var late = await InvoicePaid(StripeObjects.NewId("in_"), subscriptionId, account, TestTiers.BasicPrice, Month(period.End));

        Assert.That((deleted, late), Is.EqualTo(("applied", "unchanged")));
        Assert.That((await GetSubscription(subscriptionId)).Status, Is.EqualTo(SubscriptionStatus.Canceled));
        Assert.That((await History(account)).Count(entry => entry.Metadata.TryGetValue("event", out var what) && what == "subscription_canceled"),
            Is.EqualTo(1));
        var balance = await Balance(account);
        Assert.That((Buckets(balance).GetValueOrDefault(Bucket.Subscription), Buckets(balance).GetValueOrDefault(Bucket.Rollover)),
            Is.EqualTo((0L, TestTiers.BasicRolloverCap)), "the period's lot expired as usual; nothing new was allocated");
        await AssertJournalReplaysToBalance(account);
    }
}

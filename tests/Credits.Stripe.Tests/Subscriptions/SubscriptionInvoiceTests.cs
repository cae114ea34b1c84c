using Credits.Ledger.Data;
using Credits.Stripe.Tests.Support;
using Credits.V1;

namespace Credits.Stripe.Tests.Subscriptions;

/// <summary>Paid subscription invoices allocate, once, in either Stripe shape, in any order.</summary>
public sealed class SubscriptionInvoiceTests(DatabaseProvider provider) : SubscriptionEventFixture(provider)
{
    [Test]
    public async Task Paid_create_invoice_grants_a_subscription_lot_expiring_at_the_line_period_end()
    {
        var account = NewAccount();
        var period = Month(NextSecond());

        var outcome = await InvoicePaid(StripeObjects.NewId("in_"), StripeObjects.NewId("sub_"), account, TestTiers.BasicPrice, period,
            "subscription_create");

        Assert.That(outcome, Is.EqualTo("applied"));
        var balance = await Balance(account);
        Assert.That(Buckets(balance)[Bucket.Subscription], Is.EqualTo(TestTiers.BasicCredits));
        Assert.That(balance.NextExpiry.ExpiresAt.ToDateTimeOffset(), Is.EqualTo(period.End));
        var grant = (await History(account)).Single();
        Assert.That((grant.Kind, grant.Bucket, grant.Metadata["tier_id"]), Is.EqualTo((EntryKind.Grant, Bucket.Subscription, TestTiers.Basic)));
        await AssertJournalReplaysToBalance(account);
    }

    [Test]
    public async Task An_invoice_in_the_older_shape_grants_the_same_allocation()
    {
        var account = NewAccount();
        var subscriptionId = StripeObjects.NewId("sub_");
        var period = Month(NextSecond());

        var outcome = await InvoicePaid(StripeObjects.NewId("in_"), subscriptionId, account, TestTiers.ProPrice, period, "subscription_create",
            StripeShape.Older);

        Assert.That(outcome, Is.EqualTo("applied"));
        Assert.That(await InBucket(account, Bucket.Subscription), Is.EqualTo(TestTiers.ProCredits));
        var subscription = await GetSubscription(subscriptionId);
        Assert.That((subscription.TierId, subscription.Source, subscription.CurrentPeriodEnd.ToDateTimeOffset()),
            Is.EqualTo((TestTiers.Pro, SubscriptionSource.Stripe, period.End)));
        await AssertJournalReplaysToBalance(account);
    }

    [Test]
    public async Task A_duplicate_invoice_event_and_a_second_event_for_the_same_invoice_grant_once()
    {
        var account = NewAccount();
        var (invoiceId, subscriptionId) = (StripeObjects.NewId("in_"), StripeObjects.NewId("sub_"));
        var period = Month(NextSecond());
        var eventId = StripeObjects.NewId("evt_");

        var first = await InvoicePaid(invoiceId, subscriptionId, account, TestTiers.BasicPrice, period, "subscription_create", eventId: eventId);
        var again = await InvoicePaid(invoiceId, subscriptionId, account, TestTiers.BasicPrice, period, "subscription_create", eventId: eventId);
        var other = await InvoicePaid(invoiceId, subscriptionId, account, TestTiers.BasicPrice, period, "subscription_create", StripeShape.Older);

        Assert.That((first, again, other), Is.EqualTo(("applied", "duplicate", "unchanged")));
        Assert.That((await Balance(account)).Available, Is.EqualTo(TestTiers.BasicCredits));
        await AssertJournalReplaysToBalance(account);
    }

    [Test]
    public async Task Concurrent_deliveries_of_one_invoice_grant_once()
    {
        var account = NewAccount();
        var (invoiceId, subscriptionId) = (StripeObjects.NewId("in_"), StripeObjects.NewId("sub_"));
        var period = Month(NextSecond());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            InvoicePaid(invoiceId, subscriptionId, account, TestTiers.BasicPrice, period, "subscription_create")));

        Assert.That(outcomes.Count(outcome => outcome == "applied"), Is.EqualTo(1));
        Assert.That((await Balance(account)).Available, Is.EqualTo(TestTiers.BasicCredits));
        await AssertJournalReplaysToBalance(account);
    }

    [Test]
    public async Task A_renewal_invoice_arriving_before_the_previous_periods_grants_each_period_once()
    {
        var account = NewAccount();
        var subscriptionId = StripeObjects.NewId("sub_");
        var january = Month(NextSecond());
        var february = Month(january.End);
        Time.SetUtcNow(january.Start.AddDays(10));

        var renewal = await InvoicePaid(StripeObjects.NewId("in_"), subscriptionId, account, TestTiers.BasicPrice, february, "subscription_cycle");
        var first = await InvoicePaid(StripeObjects.NewId("in_"), subscriptionId, account, TestTiers.BasicPrice, january, "subscription_create");

        Assert.That((renewal, first), Is.EqualTo(("applied", "applied")));
        Assert.That(await InBucket(account, Bucket.Subscription), Is.EqualTo(2 * TestTiers.BasicCredits), "each period's lot, once");
        var subscription = await GetSubscription(subscriptionId);
        Assert.That(subscription.CurrentPeriodEnd.ToDateTimeOffset(), Is.EqualTo(february.End), "the late invoice never moves the subscription back");

        Time.SetUtcNow(january.End);
        var balance = await Balance(account);
        Assert.That((Buckets(balance).GetValueOrDefault(Bucket.Subscription), Buckets(balance).GetValueOrDefault(Bucket.Rollover)),
            Is.EqualTo((TestTiers.BasicCredits, TestTiers.BasicRolloverCap)), "January's lot expired at its own period end and rolled 30 over");
        await AssertJournalReplaysToBalance(account);
    }

    [Test]
    public async Task A_failed_payment_grants_nothing_and_a_retry_that_succeeds_grants_the_period()
    {
        var account = NewAccount();
        var subscriptionId = StripeObjects.NewId("sub_");
        var january = Month(NextSecond());
        var february = Month(january.End);
        await InvoicePaid(StripeObjects.NewId("in_"), subscriptionId, account, TestTiers.BasicPrice, january, "subscription_create");
        await Spend(account, 40);
        var renewalInvoice = StripeObjects.NewId("in_");

        Time.SetUtcNow(january.Start.AddDays(30));
        var failed = await InvoiceFailed(renewalInvoice, subscriptionId, account, TestTiers.BasicPrice, february);
        Assert.That(failed, Is.EqualTo("applied"));
        Assert.That((await Balance(account)).Available, Is.EqualTo(60), "what the user has keeps until its period ends");
        var note = (await History(account)).Last();
        Assert.That((note.Kind, note.Metadata["event"]), Is.EqualTo((EntryKind.Note, "subscription_payment_failed")));

        Time.SetUtcNow(january.End.AddHours(1));
        Assert.That(await InBucket(account, Bucket.Subscription), Is.EqualTo(0), "January's credits expired; nothing new yet");
        Time.SetUtcNow(january.End.AddDays(2));
        var retried = await InvoicePaid(renewalInvoice, subscriptionId, account, TestTiers.BasicPrice, february);

        Assert.That(retried, Is.EqualTo("applied"));
        var balance = await Balance(account);
        Assert.That((Buckets(balance).GetValueOrDefault(Bucket.Subscription), Buckets(balance).GetValueOrDefault(Bucket.Rollover)),
            Is.EqualTo((TestTiers.BasicCredits, TestTiers.BasicRolloverCap)));
        await AssertJournalReplaysToBalance(account);
    }

    [Test]
    public async Task A_year_of_paid_cycle_invoices_allocates_expires_and_caps_the_rollover_exactly()
    {
        var account = NewAccount();
        var subscriptionId = StripeObjects.NewId("sub_");
        long[] spends = [10, 100, 95, 0, 130, 60, 20, 100, 45, 0, 71, 29];
        var period = Month(NextSecond());
        long rollover = 0;
        for (var month = 0; month < spends.Length; month++)
        {
            // Alternate the API shapes: a Stripe account upgraded mid-year sends both.
            var shape = month % 2 == 0 ? StripeShape.Newer : StripeShape.Older;
            Time.SetUtcNow(period.Start);
            var outcome = await InvoicePaid(StripeObjects.NewId("in_"), subscriptionId, account, TestTiers.BasicPrice, period,
                month == 0 ? "subscription_create" : "subscription_cycle", shape);
            Assert.That(outcome, Is.EqualTo("applied"), $"month {month}");
            var balance = await Balance(account);
            Assert.That(Buckets(balance).GetValueOrDefault(Bucket.Subscription), Is.EqualTo(TestTiers.BasicCredits), $"month {month}: allocation");
            Assert.That(Buckets(balance).GetValueOrDefault(Bucket.Rollover), Is.EqualTo(rollover), $"month {month}: rollover");
            if (spends[month] > 0)
            {
                await Spend(account, spends[month]);
            }
            var fromRollover = Math.Min(spends[month], rollover);
            var unused = TestTiers.BasicCredits - (spends[month] - fromRollover);
            rollover = Math.Min(unused, TestTiers.BasicRolloverCap);
            period = Month(period.End);
        }
        Time.SetUtcNow(period.Start);
        Assert.That(await InBucket(account, Bucket.Rollover), Is.EqualTo(rollover));
        Assert.That(await InBucket(account, Bucket.Subscription), Is.EqualTo(0), "no thirteenth invoice, no allocation");
        Assert.That((await GetSubscription(subscriptionId)).CurrentPeriodEnd.ToDateTimeOffset(), Is.EqualTo(period.Start));
        await AssertJournalReplaysToBalance(account);
    }

    [Test]
    public async Task Each_allocation_writes_a_renewal_email_with_the_credits_and_the_next_date()
    {
        var account = NewAccount();
        var period = Month(NextSecond());

        await InvoicePaid(StripeObjects.NewId("in_"), StripeObjects.NewId("sub_"), account, TestTiers.ProPrice, period, "subscription_create");

        var (topic, payload) = (await Outbox(account)).Single();
        Assert.That(topic, Is.EqualTo("receipt.subscription_renewal"));
        Assert.That(payload["credits"]!.GetValue<long>(), Is.EqualTo(TestTiers.ProCredits));
        Assert.That(DateTimeOffset.Parse(payload["nextRenewal"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            Is.EqualTo(period.End));
        Assert.That(payload["email"]!.GetValue<string>(), Is.EqualTo("subscriber@example.com"));
    }
}

using Credits.Ledger.Data;
using Credits.Stripe.Tests.Support;
using Credits.V1;
using Credits.Testing;
using Grpc.Core;

namespace Credits.Stripe.Tests.Subscriptions;

/// <summary>Events that cannot be applied are answered 200, kept, listed, and replayed exactly once after the fix.</summary>
public sealed class UnappliedEventTests(DatabaseProvider provider) : SubscriptionEventFixture(provider)
{
    private static Metadata AdminHeaders => StripeTestServer.Bearer(StripeTestServer.AdminKey);

    private async Task<List<UnappliedEvent>> Unapplied(bool includeReplayed = false)
    {
        var events = new List<UnappliedEvent>();
        var request = new ListUnappliedEventsRequest { PageSize = 2, IncludeReplayed = includeReplayed };
        do
        {
            var page = await Server.Admin.ListUnappliedEventsAsync(request, AdminHeaders);
            events.AddRange(page.Events);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return events;
    }

    [Test]
    public async Task An_invoice_for_a_price_no_tier_knows_grants_nothing_is_kept_and_a_replay_after_the_fix_applies_it_once()
    {
        var account = NewAccount();
        var price = StripeObjects.NewId("price_legacy_");
        var eventId = StripeObjects.NewId("evt_");
        var period = Month(NextSecond());

        var outcome = await InvoicePaid(StripeObjects.NewId("in_"), StripeObjects.NewId("sub_"), account, price, period, "subscription_create",
            eventId: eventId);

        Assert.That(outcome, Is.EqualTo("unapplied"), "answered 200 so Stripe stops retrying");
        Assert.That((await Balance(account)).Available, Is.EqualTo(0));
        var kept = (await Unapplied()).Single(kept => kept.EventId == eventId);
        Assert.That((kept.Type, kept.Reason, kept.Detail), Is.EqualTo(("invoice.paid", "unknown_price", price)));
        var stillUnknown = await Server.Admin.ReplayUnappliedEventAsync(new ReplayUnappliedEventRequest { EventId = eventId }, AdminHeaders);
        Assert.That(stillUnknown.Outcome, Is.EqualTo("unapplied"));

        var tier = "legacy-" + price[^6..].ToLowerInvariant();
        Server.Reconfigure(($"Subscriptions:Tiers:{tier}:Credits", "250"), ($"Subscriptions:Tiers:{tier}:PriceIds:0", price));
        var replays = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            Server.Admin.ReplayUnappliedEventAsync(new ReplayUnappliedEventRequest { EventId = eventId }, AdminHeaders).ResponseAsync));
        var again = await Server.Admin.ReplayUnappliedEventAsync(new ReplayUnappliedEventRequest { EventId = eventId }, AdminHeaders);

        Assert.That(replays.Count(replay => replay.Outcome == "applied"), Is.EqualTo(1), "concurrent replays apply once");
        Assert.That(again.Outcome, Is.EqualTo("duplicate"));
        Assert.That(again.Event.ReplayedAt, Is.Not.Null);
        Assert.That((await Balance(account)).Available, Is.EqualTo(250));
        Assert.That((await Unapplied()).Any(kept => kept.EventId == eventId), Is.False, "no longer waiting");
        Assert.That((await Unapplied(includeReplayed: true)).Single(kept => kept.EventId == eventId).ReplayOutcome, Is.EqualTo("applied"));
        await AssertJournalReplaysToBalance(account);
    }

    [Test]
    public async Task An_invoice_for_a_subscription_with_no_account_is_kept_until_the_subscription_names_one()
    {
        var account = NewAccount();
        var subscriptionId = StripeObjects.NewId("sub_");
        var eventId = StripeObjects.NewId("evt_");
        var period = Month(NextSecond());

        var outcome = await InvoicePaid(StripeObjects.NewId("in_"), subscriptionId, null, TestTiers.BasicPrice, period, "subscription_create",
            eventId: eventId);
        Assert.That(outcome, Is.EqualTo("unapplied"));
        var kept = (await Unapplied()).Single(kept => kept.EventId == eventId);
        Assert.That((kept.Reason, kept.Detail), Is.EqualTo(("unknown_account", subscriptionId)));

        // Support adds the account to the subscription's metadata in Stripe, which tells the ledger.
        await SubscriptionUpdated(subscriptionId, account, TestTiers.BasicPrice, period);
        var replay = await Server.Admin.ReplayUnappliedEventAsync(new ReplayUnappliedEventRequest { EventId = eventId }, AdminHeaders);

        Assert.That(replay.Outcome, Is.EqualTo("applied"));
        Assert.That(await InBucket(account, Bucket.Subscription), Is.EqualTo(TestTiers.BasicCredits));
        await AssertJournalReplaysToBalance(account);
    }

    [Test]
    public async Task A_subscription_moved_to_a_price_no_tier_knows_is_kept_and_changes_nothing()
    {
        var account = NewAccount();
        var subscriptionId = StripeObjects.NewId("sub_");
        var period = Month(NextSecond());
        await InvoicePaid(StripeObjects.NewId("in_"), subscriptionId, account, TestTiers.BasicPrice, period, "subscription_create");
        var eventId = StripeObjects.NewId("evt_");

        var outcome = await Deliver("customer.subscription.updated",
            StripeObjects.Subscription(subscriptionId, account, "price_nobody_sells", period.Start, period.End), eventId);

        Assert.That(outcome, Is.EqualTo("unapplied"));
        Assert.That((await Unapplied()).Single(kept => kept.EventId == eventId).Reason, Is.EqualTo("unknown_price"));
        Assert.That((await GetSubscription(subscriptionId)).TierId, Is.EqualTo(TestTiers.Basic));
        Assert.That((await Balance(account)).Available, Is.EqualTo(TestTiers.BasicCredits));
        await AssertJournalReplaysToBalance(account);
    }

    [Test]
    public async Task Replaying_an_unknown_event_is_not_found()
    {
        var error = await RpcAssertions.RpcFailure(async () =>
            await Server.Admin.ReplayUnappliedEventAsync(new ReplayUnappliedEventRequest { EventId = "evt_missing" }, AdminHeaders));

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.NotFound));
        Assert.That(RpcAssertions.ErrorInfoOf(error).Reason, Is.EqualTo("UNAPPLIED_EVENT_NOT_FOUND"));
    }

    [Test]
    public async Task The_unapplied_event_rpcs_need_the_admin_scope()
    {
        var error = await RpcAssertions.RpcFailure(async () =>
            await Server.Admin.ListUnappliedEventsAsync(new ListUnappliedEventsRequest(), StripeTestServer.Bearer(StripeTestServer.ShopKey)));

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That(RpcAssertions.ErrorInfoOf(error).Reason, Is.EqualTo("SCOPE_MISSING"));
    }
}

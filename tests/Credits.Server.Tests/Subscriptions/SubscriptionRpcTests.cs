using Credits.Ledger.Data;
using SubscriptionProcessor = Credits.Ledger.Subscriptions.SubscriptionProcessor;
using Credits.Server.Tests.Support;
using Credits.Testing;
using Credits.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Credits.Server.Tests.Subscriptions;

/// <summary>Manual subscriptions (enterprise contracts) through the admin SubscriptionService, with the same rules as Stripe's.</summary>
public sealed class SubscriptionRpcTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private static Metadata AdminKey => LedgerServer.Bearer(TestKeys.Admin);

    private SubscriptionService.SubscriptionServiceClient Admin => new(Server.Channel);

    /// <summary>Starts a fresh period on the first of next month so period lengths are calendar months.</summary>
    private async Task<(string Account, Subscription Subscription)> Started(string tier)
    {
        Time.SetUtcNow(new DateTimeOffset(Now.Year, Now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1));
        var account = NewAccount("org");
        var response = await Admin.StartSubscriptionAsync(new StartSubscriptionRequest { AccountId = account, TierId = tier, IdempotencyKey = NewKey() },
            AdminKey);
        return (account, response.Subscription);
    }

    private async Task RenewAt(DateTimeOffset at)
    {
        Time.SetUtcNow(at);
        await Server.App.Services.GetRequiredService<SubscriptionProcessor>().RenewDueAsync();
    }

    private async Task<Dictionary<Bucket, long>> Buckets(string account) =>
        (await Writer.GetBalanceAsync(account)).Buckets.ToDictionary(bucket => bucket.Bucket, bucket => bucket.Available);

    [Test]
    public async Task StartSubscription_allocates_the_first_period_and_each_renewal_the_next_with_the_rollover()
    {
        var (account, subscription) = await Started("basic");

        Assert.That((subscription.Source, subscription.Status, subscription.TierId),
            Is.EqualTo((SubscriptionSource.Manual, SubscriptionStatus.Active, "basic")));
        Assert.That((await Buckets(account))[Bucket.Subscription], Is.EqualTo(100));
        var end = subscription.CurrentPeriodEnd.ToDateTimeOffset();
        Assert.That(end, Is.EqualTo(subscription.CurrentPeriodStart.ToDateTimeOffset().AddMonths(1)));

        await RenewAt(end);

        var buckets = await Buckets(account);
        Assert.That((buckets[Bucket.Subscription], buckets[Bucket.Rollover]), Is.EqualTo((100L, 30L)));
        var renewed = (await Admin.GetSubscriptionAsync(new GetSubscriptionRequest { SubscriptionId = subscription.SubscriptionId }, AdminKey))
            .Subscription;
        Assert.That(renewed.CurrentPeriodStart.ToDateTimeOffset(), Is.EqualTo(end));
    }

    [Test]
    public async Task Starting_again_with_the_same_key_returns_the_same_subscription_and_allocates_once()
    {
        Time.SetUtcNow(Now.AddDays(1));
        var account = NewAccount("org");
        var request = new StartSubscriptionRequest { AccountId = account, TierId = "pro", IdempotencyKey = NewKey() };

        var first = await Admin.StartSubscriptionAsync(request, AdminKey);
        var second = await Admin.StartSubscriptionAsync(request, AdminKey);

        Assert.That(second.Subscription.SubscriptionId, Is.EqualTo(first.Subscription.SubscriptionId));
        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.EqualTo(400));
    }

    [Test]
    public async Task ChangeSubscription_upgrades_at_once_and_a_downgrade_waits_for_the_renewal()
    {
        var (account, subscription) = await Started("basic");
        var id = subscription.SubscriptionId;
        Time.SetUtcNow(Now.AddDays(3));

        var upgraded = await Admin.ChangeSubscriptionAsync(new ChangeSubscriptionRequest { SubscriptionId = id, TierId = "pro", IdempotencyKey = NewKey() },
            AdminKey);
        Assert.That(upgraded.Subscription.TierId, Is.EqualTo("pro"));
        Assert.That((await Buckets(account))[Bucket.Subscription], Is.EqualTo(400), "pro upgrades grant the whole difference");
        var grant = (await History(account)).Last();
        Assert.That((grant.Metadata["old_tier"], grant.Metadata["new_tier"], grant.Metadata["requested_by"]),
            Is.EqualTo(("basic", "pro", TestKeys.AdminName)));

        var downgraded = await Admin.ChangeSubscriptionAsync(new ChangeSubscriptionRequest { SubscriptionId = id, TierId = "basic", IdempotencyKey = NewKey() },
            AdminKey);
        Assert.That((downgraded.Subscription.TierId, downgraded.Subscription.PendingTierId), Is.EqualTo(("pro", "basic")));

        await RenewAt(subscription.CurrentPeriodEnd.ToDateTimeOffset());
        var buckets = await Buckets(account);
        Assert.That((buckets[Bucket.Subscription], buckets[Bucket.Rollover]), Is.EqualTo((100L, 100L)));
    }

    [Test]
    public async Task CancelSubscription_at_period_end_keeps_the_credits_and_stops_renewals()
    {
        var (account, subscription) = await Started("basic");

        var canceled = await Admin.CancelSubscriptionAsync(
            new CancelSubscriptionRequest { SubscriptionId = subscription.SubscriptionId, AtPeriodEnd = true, IdempotencyKey = NewKey() }, AdminKey);
        Assert.That(canceled.Subscription.CancelAtPeriodEnd, Is.True);
        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.EqualTo(100));

        await RenewAt(subscription.CurrentPeriodEnd.ToDateTimeOffset());

        var ended = (await Admin.GetSubscriptionAsync(new GetSubscriptionRequest { SubscriptionId = subscription.SubscriptionId }, AdminKey)).Subscription;
        Assert.That(ended.Status, Is.EqualTo(SubscriptionStatus.Canceled));
        var buckets = await Buckets(account);
        Assert.That((buckets.GetValueOrDefault(Bucket.Subscription), buckets.GetValueOrDefault(Bucket.Rollover)), Is.EqualTo((0L, 30L)));
    }

    [Test]
    public async Task The_renewal_service_renews_when_the_clock_reaches_the_period_end()
    {
        var (account, subscription) = await Started("basic");

        // The service's timer runs on the server's clock: moving it past the period's end is enough.
        Time.SetUtcNow(subscription.CurrentPeriodEnd.ToDateTimeOffset());
        Time.Advance(TimeSpan.FromHours(1));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await Buckets(account)).GetValueOrDefault(Bucket.Subscription) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.That((await Buckets(account)).GetValueOrDefault(Bucket.Subscription), Is.EqualTo(100));
    }

    [Test]
    public async Task An_unknown_tier_is_not_found_with_tier_not_found()
    {
        var error = await RpcAssertions.RpcFailure(() => Admin.StartSubscriptionAsync(
            new StartSubscriptionRequest { AccountId = NewAccount(), TierId = "platinum", IdempotencyKey = NewKey() }, AdminKey).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.NotFound));
        var info = RpcAssertions.ErrorInfoOf(error);
        Assert.That((info.Reason, info.Metadata["tierId"]), Is.EqualTo(("TIER_NOT_FOUND", "platinum")));
    }

    [Test]
    public async Task An_unknown_subscription_is_not_found_with_subscription_not_found()
    {
        var error = await RpcAssertions.RpcFailure(() => Admin.GetSubscriptionAsync(
            new GetSubscriptionRequest { SubscriptionId = "msub_missing" }, AdminKey).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.NotFound));
        Assert.That(RpcAssertions.ErrorInfoOf(error).Reason, Is.EqualTo("SUBSCRIPTION_NOT_FOUND"));
    }

    [Test]
    public async Task A_ledger_writer_key_cannot_call_the_subscription_service()
    {
        var error = await RpcAssertions.RpcFailure(() => Admin.StartSubscriptionAsync(
            new StartSubscriptionRequest { AccountId = NewAccount(), TierId = "basic", IdempotencyKey = NewKey() },
            LedgerServer.Bearer(TestKeys.Writer)).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        var info = RpcAssertions.ErrorInfoOf(error);
        Assert.That((info.Reason, info.Metadata["scope"]), Is.EqualTo(("SCOPE_MISSING", "admin")));
    }

    [Test]
    public async Task A_start_without_an_idempotency_key_is_invalid()
    {
        var error = await RpcAssertions.RpcFailure(() => Admin.StartSubscriptionAsync(
            new StartSubscriptionRequest { AccountId = NewAccount(), TierId = "basic" }, AdminKey).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(RpcAssertions.BadRequestOf(error)!.FieldViolations[0].Field, Is.EqualTo("idempotency_key"));
    }
}

using Credits.Client.Errors;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Notifications;

/// <summary>
/// NotificationService through a real server and the .NET client: the list a change that crosses a
/// threshold fills, its pages, marking read, the preferences, and bad input refused with its field.
/// </summary>
public sealed class NotificationRpcTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private async Task<List<Notification>> List(string account, bool unreadOnly = false, int pageSize = 0)
    {
        var notifications = new List<Notification>();
        await foreach (var notification in Writer.ListNotificationsAsync(account, unreadOnly, pageSize))
        {
            notifications.Add(notification);
        }
        return notifications;
    }

    /// <summary>100 credits, then reserves leaving 20, 9, 4 and 0: four notifications.</summary>
    private async Task<string> AccountRunDown()
    {
        var account = NewAccount();
        await Grant(account, 100);
        foreach (var amount in new long[] { 80, 11, 5, 4 })
        {
            var hold = await Reserve(account, amount);
            await Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId });
        }
        return account;
    }

    [Test]
    public async Task A_reserve_and_commit_crossing_twenty_percent_is_listed_with_what_it_crossed()
    {
        var account = NewAccount();
        await Grant(account, 100);
        var hold = await Reserve(account, 80);
        await Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId });

        var notifications = await List(account);

        Assert.That(notifications.Select(note => (note.AccountId, note.Sequence, note.Kind, note.ThresholdPercent, note.Balance, note.TopUpBalance, note.Read)),
            Is.EqualTo(new[] { (account, 1L, NotificationKind.LowBalance, 20, 20L, 100L, false) }));
        Assert.That(notifications[0].CreateTime.ToDateTimeOffset(), Is.EqualTo(Now));
    }

    [Test]
    public async Task A_fast_burn_is_listed_as_run_out_forecast_with_the_run_out_time()
    {
        var account = NewAccount();
        await Grant(account, 1000);
        await Writer.CommitAsync(new CommitRequest { HoldId = (await Reserve(account, 100)).HoldId });
        Time.Advance(TimeSpan.FromDays(1));
        await Writer.CommitAsync(new CommitRequest { HoldId = (await Reserve(account, 300)).HoldId });

        var forecasts = (await List(account)).Where(note => note.Kind == NotificationKind.RunOutForecast).ToList();

        Assert.That(forecasts.Select(note => note.Balance), Is.EqualTo((long[])[600]));
        Assert.That(forecasts[0].RunOutTime.ToDateTimeOffset(), Is.GreaterThan(Now.AddDays(2)).And.LessThan(Now.AddDays(3)),
            "about 200 a day: 600 last about three days");
    }

    [Test]
    public async Task Pages_follow_each_other_without_gaps_and_the_last_has_no_token()
    {
        var account = await AccountRunDown();

        var first = await Writer.NotificationsRaw.ListNotificationsAsync(new ListNotificationsRequest { AccountId = account, PageSize = 3 });
        var second = await Writer.NotificationsRaw.ListNotificationsAsync(
            new ListNotificationsRequest { AccountId = account, PageSize = 3, PageToken = first.NextPageToken });

        Assert.That(first.Notifications.Select(note => note.ThresholdPercent), Is.EqualTo((int[])[20, 10, 5]));
        Assert.That(first.NextPageToken, Is.Not.Empty);
        Assert.That(second.Notifications.Select(note => (note.Sequence, note.Kind)), Is.EqualTo(new[] { (4L, NotificationKind.Depleted) }));
        Assert.That(second.NextPageToken, Is.Empty);
        Assert.That((await List(account, pageSize: 1)).Select(note => note.Sequence), Is.EqualTo((long[])[1, 2, 3, 4]), "the client follows the tokens");
    }

    [Test]
    public async Task Marking_read_up_to_a_sequence_hides_those_from_the_unread_list()
    {
        var account = await AccountRunDown();

        var marked = await Writer.MarkNotificationsReadAsync(account, 2);
        var repeated = await Writer.MarkNotificationsReadAsync(account, 2);

        Assert.That((marked, repeated), Is.EqualTo((2, 0)));
        Assert.That((await List(account, unreadOnly: true)).Select(note => note.Sequence), Is.EqualTo((long[])[3, 4]));
        Assert.That((await List(account)).Select(note => note.Read), Is.EqualTo((bool[])[true, true, false, false]));
    }

    [Test]
    public async Task Preferences_read_the_defaults_until_updated_and_a_retry_returns_the_first_answer()
    {
        var account = NewAccount();
        var defaults = await Writer.GetNotificationPreferencesAsync(account);
        var request = new UpdateNotificationPreferencesRequest
        {
            AccountId = account,
            Preferences = new NotificationPreferences { LowBalanceThresholds = { 10, 50 }, InApp = true, Webhook = true },
            IdempotencyKey = NewKey(),
        };

        var updated = await Writer.UpdateNotificationPreferencesAsync(request);
        var retried = await Writer.UpdateNotificationPreferencesAsync(request);
        var reused = await CreditsFailure(() => Writer.UpdateNotificationPreferencesAsync(new UpdateNotificationPreferencesRequest(request)
        {
            Preferences = new NotificationPreferences { InApp = true },
        }));

        Assert.That(defaults, Is.EqualTo(new NotificationPreferences { LowBalanceThresholds = { 20, 10, 5 }, InApp = true, Email = true }));
        var expected = new NotificationPreferences { LowBalanceThresholds = { 50, 10 }, InApp = true, Webhook = true };
        Assert.That((updated, retried), Is.EqualTo((expected, expected)));
        Assert.That((reused.StatusCode, reused.Reason), Is.EqualTo((StatusCode.AlreadyExists, "IDEMPOTENCY_KEY_REUSED")));
        Assert.That(await Writer.GetNotificationPreferencesAsync(account), Is.EqualTo(expected));
    }

    [Test]
    public async Task Custom_thresholds_decide_the_next_crossing()
    {
        var account = NewAccount();
        await Writer.UpdateNotificationPreferencesAsync(new UpdateNotificationPreferencesRequest
        {
            AccountId = account, Preferences = new NotificationPreferences { LowBalanceThresholds = { 50 }, InApp = true }, IdempotencyKey = NewKey(),
        });
        await Grant(account, 100);

        await Reserve(account, 50);

        Assert.That((await List(account)).Select(note => (note.ThresholdPercent, note.Balance)), Is.EqualTo(new[] { (50, 50L) }));
    }

    [TestCase(101, "preferences.low_balance_thresholds[0]")]
    [TestCase(0, "preferences.low_balance_thresholds[0]")]
    public async Task A_threshold_outside_one_to_ninety_nine_is_invalid_and_changes_nothing(int threshold, string field)
    {
        var account = NewAccount();

        var error = await CreditsFailure(() => Writer.UpdateNotificationPreferencesAsync(new UpdateNotificationPreferencesRequest
        {
            AccountId = account, Preferences = new NotificationPreferences { LowBalanceThresholds = { threshold }, InApp = true }, IdempotencyKey = NewKey(),
        }));

        Assert.That(error, Is.InstanceOf<InvalidRequestException>());
        Assert.That((error.StatusCode, error.Reason, ((InvalidRequestException)error).Field), Is.EqualTo((StatusCode.InvalidArgument, "INVALID_REQUEST", field)));
        Assert.That((await Writer.GetNotificationPreferencesAsync(account)).LowBalanceThresholds, Is.EqualTo((int[])[20, 10, 5]));
    }

    [Test]
    public async Task A_negative_page_size_a_foreign_token_and_sequence_zero_name_their_fields()
    {
        var account = NewAccount();

        var pageSize = await RpcFailure(() => Writer.NotificationsRaw.ListNotificationsAsync(new ListNotificationsRequest { AccountId = account, PageSize = -1 }).ResponseAsync);
        var token = await RpcFailure(() => Writer.NotificationsRaw.ListNotificationsAsync(new ListNotificationsRequest { AccountId = account, PageToken = "not!a!token" }).ResponseAsync);
        var sequence = await RpcFailure(() => Writer.NotificationsRaw.MarkNotificationsReadAsync(new MarkNotificationsReadRequest { AccountId = account }).ResponseAsync);

        Assert.That(new[] { pageSize, token, sequence }.Select(error => (error.StatusCode, ErrorInfoOf(error).Reason, ErrorInfoOf(error).Metadata["field"])),
            Is.EqualTo(new[]
            {
                (StatusCode.InvalidArgument, "INVALID_REQUEST", "page_size"),
                (StatusCode.InvalidArgument, "INVALID_REQUEST", "page_token"),
                (StatusCode.InvalidArgument, "INVALID_REQUEST", "up_to_sequence"),
            }));
    }

    [Test]
    public async Task A_read_only_key_lists_but_cannot_mark_read_or_update()
    {
        var account = await AccountRunDown();

        var listed = await Reader.NotificationsRaw.ListNotificationsAsync(new ListNotificationsRequest { AccountId = account });
        var mark = await RpcFailure(() => Reader.NotificationsRaw.MarkNotificationsReadAsync(new MarkNotificationsReadRequest { AccountId = account, UpToSequence = 1 }).ResponseAsync);

        Assert.That(listed.Notifications, Has.Count.EqualTo(4));
        Assert.That((mark.StatusCode, ErrorInfoOf(mark).Reason), Is.EqualTo((StatusCode.PermissionDenied, "SCOPE_MISSING")));
    }

    private static async Task<CreditsException> CreditsFailure(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (CreditsException error)
        {
            return error;
        }
        Assert.Fail("Expected the call to fail, but it succeeded.");
        throw new InvalidOperationException("unreachable");
    }
}

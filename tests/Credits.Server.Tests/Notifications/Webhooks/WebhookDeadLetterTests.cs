using Credits.Ledger.Data;
using Credits.Testing;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Notifications.Webhooks;

/// <summary>
/// Dead letters through AdminService and the generated client: a receiver that answers 500 to
/// every attempt turns each delivery into a dead letter after NotificationWebhooks:MaxAttempts (2
/// here); they are listed in pages, and a replay delivers one (once) when the receiver is back.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class WebhookDeadLetterTests(DatabaseProvider provider)
{
    [Test]
    public async Task Deliveries_dead_after_the_attempt_limit_are_listed_and_a_replay_delivers_one_once()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync(failing: true);
        await using var server = await WebhookServer.StartAsync(provider, receiver, maxAttempts: 2);
        var first = await server.AccountAtTwentyPercentAsync();
        var second = await server.AccountAtTwentyPercentAsync();

        await Eventually.True(async () => (await ListAsync(server, 0)).Count == 2, "two dead letters");
        var dead = await ListAsync(server, 1);
        Assert.That(dead.Select(letter => (letter.EndpointId, letter.Notification.AccountId, letter.Notification.Sequence, letter.Attempts, letter.LastError, letter.DeadAt is not null)),
            Is.EquivalentTo(new[] { first, second }.Select(account => (WebhookServer.Endpoint, account, 1L, 2, "HTTP 500", true))), "listed one per page");
        Assert.That(dead.Select(letter => letter.WebhookId), Is.EquivalentTo(new[] { $"{first}/1", $"{second}/1" }));
        Assert.That((await receiver.StateAsync()).RefusedWhileFailing, Is.EqualTo(4), "two attempts each, then no more");

        await receiver.OkAsync();
        var replay = new ReplayWebhookDeadLetterRequest { EndpointId = WebhookServer.Endpoint, AccountId = first, Sequence = 1 };
        var replayed = await server.Admin.Admin.ReplayWebhookDeadLetterAsync(replay);
        Assert.That((replayed.Delivery.Attempts, replayed.Delivery.DeadAt, replayed.Delivery.DeliveredAt), Is.EqualTo((0, (Google.Protobuf.WellKnownTypes.Timestamp?)null, (Google.Protobuf.WellKnownTypes.Timestamp?)null)));
        await Eventually.True(async () => (await receiver.StateAsync()).Counts.ContainsKey($"{first}/1"), "the replayed delivery arrives");
        // The receiver counts it before the dispatcher records the answer: wait for the record, replaying meanwhile.
        ReplayWebhookDeadLetterResponse again = null!;
        await Eventually.True(async () => (again = await server.Admin.Admin.ReplayWebhookDeadLetterAsync(replay)).Delivery.DeliveredAt is not null,
            "replaying a delivered one returns it, delivered");
        await Task.Delay(TimeSpan.FromSeconds(0.5));

        Assert.That(again.Delivery.DeadAt, Is.Null, "replaying a delivered one leaves it delivered");
        Assert.That((await receiver.StateAsync()).Counts, Is.EquivalentTo(new Dictionary<string, int> { [$"{first}/1"] = 1 }), "once; the other stays dead");
        Assert.That((await ListAsync(server, 0)).Select(letter => letter.Notification.AccountId), Is.EqualTo(new[] { second }));
    }

    [Test]
    public async Task An_unknown_delivery_and_bad_paging_are_refused_naming_what_is_wrong()
    {
        await using var receiver = new WebhookReceiver();
        await using var server = await WebhookServer.StartAsync(provider, receiver, maxAttempts: 2);
        var admin = server.Admin.Admin;

        var unknown = await RpcFailure(() => admin.ReplayWebhookDeadLetterAsync(
            new ReplayWebhookDeadLetterRequest { EndpointId = WebhookServer.Endpoint, AccountId = "user:nobody", Sequence = 1 }).ResponseAsync);
        var badSequence = await RpcFailure(() => admin.ReplayWebhookDeadLetterAsync(
            new ReplayWebhookDeadLetterRequest { EndpointId = WebhookServer.Endpoint, AccountId = "user:nobody", Sequence = 0 }).ResponseAsync);
        var badSize = await RpcFailure(() => admin.ListWebhookDeadLettersAsync(new ListWebhookDeadLettersRequest { PageSize = -1 }).ResponseAsync);
        var badToken = await RpcFailure(() => admin.ListWebhookDeadLettersAsync(new ListWebhookDeadLettersRequest { PageToken = "not!a!token" }).ResponseAsync);
        var notAdmin = await RpcFailure(() => server.Writer.Admin.ListWebhookDeadLettersAsync(new ListWebhookDeadLettersRequest()).ResponseAsync);
        var nulInReplay = await RpcFailure(() => admin.ReplayWebhookDeadLetterAsync(
            new ReplayWebhookDeadLetterRequest { EndpointId = "user:\u0000", AccountId = "user:nobody", Sequence = 1 }).ResponseAsync);
        var nulInList = await RpcFailure(() => admin.ListWebhookDeadLettersAsync(new ListWebhookDeadLettersRequest { EndpointId = "a\u0000" }).ResponseAsync);

        Assert.That((unknown.StatusCode, ErrorInfoOf(unknown).Reason), Is.EqualTo((StatusCode.NotFound, "WEBHOOK_DELIVERY_NOT_FOUND")));
        Assert.That(ErrorInfoOf(unknown).Metadata,
            Is.EquivalentTo(new Dictionary<string, string> { ["endpointId"] = WebhookServer.Endpoint, ["accountId"] = "user:nobody", ["sequence"] = "1" }));
        Assert.That(new[] { badSequence, badSize, badToken, nulInReplay, nulInList }.Select(error => (error.StatusCode, BadRequestOf(error)!.FieldViolations[0].Field)),
            Is.EqualTo(new[]
            {
                (StatusCode.InvalidArgument, "sequence"), (StatusCode.InvalidArgument, "page_size"), (StatusCode.InvalidArgument, "page_token"),
                (StatusCode.InvalidArgument, "endpoint_id"), (StatusCode.InvalidArgument, "endpoint_id"),
            }));
        Assert.That(notAdmin.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
    }

    private static async Task<List<WebhookDelivery>> ListAsync(WebhookServer server, int pageSize)
    {
        var all = new List<WebhookDelivery>();
        var request = new ListWebhookDeadLettersRequest { EndpointId = WebhookServer.Endpoint, PageSize = pageSize };
        do
        {
            var page = await server.Admin.Admin.ListWebhookDeadLettersAsync(request);
            all.AddRange(page.DeadLetters);
            if (pageSize > 0 && page.NextPageToken.Length > 0)
            {
                Assert.That(page.DeadLetters, Has.Count.EqualTo(pageSize));
            }
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return all;
    }
}

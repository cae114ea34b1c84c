using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Notifications;

/// <summary>
/// An end-user token may use every NotificationService method for its own account, over gRPC and
/// gRPC-Web alike, and none for another account. The rule touches no database, so one provider (SQLite) suffices.
/// </summary>
[TestFixture(Transport.Grpc)]
[TestFixture(Transport.GrpcWeb)]
public sealed class EndUserNotificationAccessTests(Transport transport)
{
    private BrowserServer _server = null!;
    private NotificationService.NotificationServiceClient _client = null!;
    private LedgerService.LedgerServiceClient _writer = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await BrowserServer.StartAsync();
        _client = new NotificationService.NotificationServiceClient(transport == Transport.GrpcWeb ? _server.GrpcWebChannel : _server.GrpcChannel);
        _writer = _server.Client(grpcWeb: false);
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private static string NewUser() => $"user:{Guid.NewGuid():N}";

    private Metadata TokenFor(string account) => LedgerServer.Bearer(EndUserTokens.Mint(account, _server.Time.GetUtcNow()));

    [Test]
    public async Task A_token_lists_streams_marks_and_sets_preferences_of_its_own_account()
    {
        var user = NewUser();
        await _writer.GrantAsync(new GrantRequest { AccountId = user, Amount = 10, Bucket = Bucket.Purchased, IdempotencyKey = $"g-{Guid.NewGuid():N}" },
            LedgerServer.Bearer(TestKeys.Writer));
        await _writer.ReserveAsync(new ReserveRequest { AccountId = user, Amount = 10, IdempotencyKey = $"r-{Guid.NewGuid():N}" },
            LedgerServer.Bearer(TestKeys.Writer));

        var listed = await _client.ListNotificationsAsync(new ListNotificationsRequest { AccountId = user }, TokenFor(user));
        var marked = await _client.MarkNotificationsReadAsync(new MarkNotificationsReadRequest { AccountId = user, UpToSequence = 1 }, TokenFor(user));
        var updated = await _client.UpdateNotificationPreferencesAsync(new UpdateNotificationPreferencesRequest
        {
            AccountId = user, Preferences = new NotificationPreferences { InApp = true }, IdempotencyKey = $"p-{Guid.NewGuid():N}",
        }, TokenFor(user));
        var read = await _client.GetNotificationPreferencesAsync(new GetNotificationPreferencesRequest { AccountId = user }, TokenFor(user));

        using var stream = _client.StreamNotifications(new StreamNotificationsRequest { AccountId = user }, TokenFor(user));
        Assert.That(await stream.ResponseStream.MoveNext(), Is.True);

        Assert.That(stream.ResponseStream.Current.Notification.Kind, Is.EqualTo(NotificationKind.Depleted));
        Assert.That(listed.Notifications.Select(note => note.Kind), Is.EqualTo(new[] { NotificationKind.Depleted }));
        Assert.That(marked.MarkedCount, Is.EqualTo(1));
        Assert.That((updated.Preferences, read.Preferences), Is.EqualTo((new NotificationPreferences { InApp = true }, new NotificationPreferences { InApp = true })));
    }

    [Test]
    public async Task A_token_for_user_1_can_use_no_method_for_user_2()
    {
        var (user1, user2) = (NewUser(), NewUser());

        var errors = new[]
        {
            await RpcFailure(() => _client.ListNotificationsAsync(new ListNotificationsRequest { AccountId = user2 }, TokenFor(user1)).ResponseAsync),
            await RpcFailure(() => _client.MarkNotificationsReadAsync(new MarkNotificationsReadRequest { AccountId = user2, UpToSequence = 1 }, TokenFor(user1)).ResponseAsync),
            await RpcFailure(() => _client.GetNotificationPreferencesAsync(new GetNotificationPreferencesRequest { AccountId = user2 }, TokenFor(user1)).ResponseAsync),
            await RpcFailure(() => _client.UpdateNotificationPreferencesAsync(new UpdateNotificationPreferencesRequest
            {
                AccountId = user2, Preferences = new NotificationPreferences(), IdempotencyKey = "k",
            }, TokenFor(user1)).ResponseAsync),
            await RpcFailure(async () =>
            {
                using var stream = _client.StreamNotifications(new StreamNotificationsRequest { AccountId = user2 }, TokenFor(user1));
                await stream.ResponseStream.MoveNext();
            }),
        };

        Assert.That(errors.Select(error => (error.StatusCode, ErrorInfoOf(error).Reason)),
            Is.EqualTo(Enumerable.Repeat((StatusCode.PermissionDenied, "TOKEN_ACCOUNT_DENIED"), 5)));
    }
}

using Credits.Ledger;
using Credits.Ledger.Commands;
using Credits.Ledger.Notifications;
using Credits.Server.Auth;
using Credits.Server.Notifications;
using Credits.V1;
using Credits.Server.Errors;
using Credits.Server.Throttling;
using Grpc.Core;

namespace Credits.Server.Services;

/// <summary>
/// The <c>credits.v1.NotificationService</c> endpoint: an account's notifications and preferences.
/// Each method validates, makes one call into the domain and maps the result back; the scope table
/// and the end-user token rule decide who may call it.
/// </summary>
internal sealed class NotificationGrpcService(NotificationInbox inbox, NotificationFeed feed, CreditLedger ledger, StreamLimits streams,
    IHostApplicationLifetime lifetime) : NotificationService.NotificationServiceBase
{
    public override async Task StreamNotifications(StreamNotificationsRequest request, IServerStreamWriter<StreamNotificationsResponse> responseStream,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        using var slot = streams.Open(CallerContext.Get(context), request.AccountId);
        // As StreamHistory: a live stream never ends by itself, so shutdown ends it with UNAVAILABLE
        // and the bell reconnects elsewhere from its last sequence.
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await foreach (var notification in feed.StreamAsync(request.AccountId, request.AfterSequence, streaming.Token))
            {
                await responseStream.WriteAsync(new StreamNotificationsResponse { Notification = notification.ToProto() }, streaming.Token);
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw RpcErrors.ShuttingDown();
        }
    }

    public override async Task<ListNotificationsResponse> ListNotifications(ListNotificationsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var pageSize = NotificationMapping.PageSize(request.PageSize);
        var after = NotificationMapping.ParseToken(request.PageToken);
        // One more than the page tells whether another page follows.
        var notifications = await inbox.ListAsync(request.AccountId, after, pageSize + 1, request.UnreadOnly, context.CancellationToken);
        var page = notifications.Take(pageSize).ToList();
        var response = new ListNotificationsResponse { NextPageToken = notifications.Count > pageSize ? NotificationMapping.Token(page[^1]) : "" };
        response.Notifications.AddRange(page.Select(notification => notification.ToProto()));
        return response;
    }

    public override async Task<MarkNotificationsReadResponse> MarkNotificationsRead(MarkNotificationsReadRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var marked = await inbox.MarkReadAsync(request.AccountId, request.UpToSequence, context.CancellationToken);
        return new MarkNotificationsReadResponse { MarkedCount = marked };
    }

    public override async Task<GetNotificationPreferencesResponse> GetNotificationPreferences(GetNotificationPreferencesRequest request,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var preferences = await inbox.GetPreferencesAsync(request.AccountId, context.CancellationToken);
        return new GetNotificationPreferencesResponse { Preferences = preferences.ToProto() };
    }

    public override async Task<UpdateNotificationPreferencesResponse> UpdateNotificationPreferences(UpdateNotificationPreferencesRequest request,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var command = new SetNotificationPreferencesCommand(CallerContext.Get(context).Name, request.AccountId,
            NotificationMapping.ToDomain(request.Preferences), request.IdempotencyKey);
        var result = await ledger.SetNotificationPreferencesAsync(command, context.CancellationToken);
        return new UpdateNotificationPreferencesResponse { Preferences = result.Preferences.ToProto() };
    }
}

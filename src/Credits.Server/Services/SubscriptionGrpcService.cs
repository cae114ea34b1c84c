using Credits.Ledger.Subscriptions;
using Credits.Server.Auth;
using Credits.Server.Stripe;
using Credits.Server.Subscriptions;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Services;

/// <summary>
/// The <c>credits.v1.SubscriptionService</c> endpoint (scope <c>admin</c>): manual subscriptions,
/// reading subscriptions, and the Stripe events kept unapplied. Each method validates, makes one
/// call into the domain (or the Stripe event handler, for a replay) and maps the result back.
/// </summary>
internal sealed class SubscriptionGrpcService(SubscriptionProcessor subscriptions, UnappliedEventStore unapplied, StripeEventHandler stripeEvents)
    : SubscriptionService.SubscriptionServiceBase
{
    public override async Task<StartSubscriptionResponse> StartSubscription(StartSubscriptionRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var view = await subscriptions.StartManualAsync(request.AccountId, request.TierId, request.IdempotencyKey, CallerContext.Get(context).Name,
            request.Email, context.CancellationToken);
        return new StartSubscriptionResponse { Subscription = view.ToProto() };
    }

    public override async Task<ChangeSubscriptionResponse> ChangeSubscription(ChangeSubscriptionRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var view = await subscriptions.ChangeManualAsync(request.SubscriptionId, request.TierId, request.IdempotencyKey, CallerContext.Get(context).Name,
            context.CancellationToken);
        return new ChangeSubscriptionResponse { Subscription = view.ToProto() };
    }

    public override async Task<CancelSubscriptionResponse> CancelSubscription(CancelSubscriptionRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var view = await subscriptions.CancelManualAsync(request.SubscriptionId, request.AtPeriodEnd, request.IdempotencyKey, CallerContext.Get(context).Name,
            context.CancellationToken);
        return new CancelSubscriptionResponse { Subscription = view.ToProto() };
    }

    public override async Task<GetSubscriptionResponse> GetSubscription(GetSubscriptionRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var view = await subscriptions.GetAsync(request.SubscriptionId, context.CancellationToken);
        return new GetSubscriptionResponse { Subscription = view.ToProto() };
    }

    public override async Task<ListUnappliedEventsResponse> ListUnappliedEvents(ListUnappliedEventsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var pageSize = SubscriptionMapping.PageSize(request.PageSize);
        var (afterMs, afterId) = SubscriptionMapping.ParseToken(request.PageToken);
        // One more than the page tells whether another page follows.
        var events = await unapplied.ListAsync(afterMs, afterId, pageSize + 1, request.IncludeReplayed, context.CancellationToken);
        var page = events.Take(pageSize).ToList();
        var response = new ListUnappliedEventsResponse { NextPageToken = events.Count > pageSize ? SubscriptionMapping.Token(page[^1]) : "" };
        response.Events.AddRange(page.Select(kept => kept.ToProto()));
        return response;
    }

    public override async Task<ReplayUnappliedEventResponse> ReplayUnappliedEvent(ReplayUnappliedEventRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var (kept, outcome) = await stripeEvents.ReplayAsync(request.EventId, context.CancellationToken);
        return new ReplayUnappliedEventResponse { Event = kept.ToProto(), Outcome = outcome };
    }
}

using Credits.Ledger.Analytics;
using Credits.Server.Mapping;
using Credits.Server.Errors;
using Credits.Server.Pricing;
using Credits.Server.Stripe;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Services;

/// <summary>
/// The <c>credits.v1.AnalyticsService</c> endpoint (scope <c>ledger:read</c>; an end-user token
/// for its own account): maps the request, asks <see cref="UsageReports"/> or <see cref="Forecasts"/>,
/// maps the answer back (a forecast's top-up with the smallest pack of the catalogue that covers it).
/// </summary>
internal sealed class AnalyticsGrpcService(
    UsageReports usage,
    UsageOverviews overviews,
    Forecasts forecasts,
    Suggestions suggestions,
    ConfiguredSuggestionCatalog catalog,
    UsageExport export,
    Leaderboards leaderboards,
    Badges badges,
    PackCatalog packs,
    IHostApplicationLifetime lifetime) : AnalyticsService.AnalyticsServiceBase
{
    public override async Task<GetUsageResponse> GetUsage(GetUsageRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var report = await usage.GetUsageAsync(request.ToQuery(), context.CancellationToken);
        return report.ToProto();
    }

    public override async Task<GetForecastResponse> GetForecast(GetForecastRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var forecast = await forecasts.GetForecastAsync(request.AccountId, context.CancellationToken);
        return forecast.ToProto(AnalyticsMapping.PackCovering(packs.List(), forecast.SuggestedTopUpCredits));
    }

    public override async Task ExportUsage(ExportUsageRequest request, IServerStreamWriter<ExportUsageResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        // As ExportJournal: a long export ends with UNAVAILABLE SHUTTING_DOWN rather than holding up shutdown.
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var (accountId, start, end) = request.ToExport();
        if (accountId is not null && request.PoolAccountId.Length > 0)
        {
            throw Credits.Ledger.Errors.LedgerErrors.Invalid("pool_account_id", "Give account_id or pool_account_id, not both.").ToException();
        }
        var days = request.PoolAccountId.Length > 0
            ? export.ExportPoolAsync(request.PoolAccountId, start, end, streaming.Token)
            : export.ExportAsync(accountId, start, end, streaming.Token);
        try
        {
            await foreach (var day in days)
            {
                await responseStream.WriteAsync(day.ToProto(), streaming.Token);
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw RpcErrors.ShuttingDown();
        }
    }

    public override async Task<GetSuggestionsResponse> GetSuggestions(GetSuggestionsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var advice = await suggestions.GetSuggestionsAsync(request.AccountId, catalog.Current, context.CancellationToken);
        var response = new GetSuggestionsResponse();
        response.Suggestions.AddRange(advice.Select(AnalyticsMapping.ToProto));
        return response;
    }

    public override async Task<GetLeaderboardResponse> GetLeaderboard(GetLeaderboardRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var standing = await leaderboards.GetAsync(request.ToPeriod(), request.ToTop(), context.CancellationToken);
        return standing.ToProto();
    }

    public override async Task<SetLeaderboardParticipationResponse> SetLeaderboardParticipation(SetLeaderboardParticipationRequest request,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        await leaderboards.SetParticipationAsync(request.AccountId, request.ToDisplayName(), context.CancellationToken);
        return new SetLeaderboardParticipationResponse { Participating = request.Participate };
    }

    public override async Task<ListBadgesResponse> ListBadges(ListBadgesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var earned = await badges.ListAsync(request.AccountId, context.CancellationToken);
        return earned.ToProto();
    }

    public override async Task<GetUsageOverviewResponse> GetUsageOverview(GetUsageOverviewRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var overview = await overviews.GetOverviewAsync(request.ToQuery(), context.CancellationToken);
        return overview.ToProto();
    }
}

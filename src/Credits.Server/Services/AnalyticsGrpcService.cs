using Credits.Ledger.Analytics;
using Credits.Server.Mapping;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Services;

/// <summary>
/// The <c>credits.v1.AnalyticsService</c> endpoint (scope <c>ledger:read</c>; an end-user token
/// for its own account): maps the request, asks <see cref="UsageReports"/>, maps the report back.
/// </summary>
internal sealed class AnalyticsGrpcService(UsageReports usage) : AnalyticsService.AnalyticsServiceBase
{
    public override async Task<GetUsageResponse> GetUsage(GetUsageRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var report = await usage.GetUsageAsync(request.ToQuery(), context.CancellationToken);
        return report.ToProto();
    }
}

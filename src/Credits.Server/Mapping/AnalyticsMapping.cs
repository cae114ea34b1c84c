using Credits.Ledger.Analytics;
using Credits.Ledger.Errors;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using UsageGranularity = Credits.Ledger.Analytics.UsageGranularity;

namespace Credits.Server.Mapping;

/// <summary>AnalyticsService messages to and from the domain's usage reports.</summary>
internal static class AnalyticsMapping
{
    public static UsageQuery ToQuery(this GetUsageRequest request) => new(
        request.AccountId,
        request.StartTime is { } start ? RequestMapping.ToDateTimeOffset(start, "start_time") : default,
        request.EndTime is { } end ? RequestMapping.ToDateTimeOffset(end, "end_time") : default,
        request.Granularity switch
        {
            V1.UsageGranularity.Unspecified or V1.UsageGranularity.Day => UsageGranularity.Day,
            V1.UsageGranularity.Week => UsageGranularity.Week,
            V1.UsageGranularity.Month => UsageGranularity.Month,
            _ => throw LedgerErrors.Invalid("granularity", "granularity must be DAY, WEEK or MONTH.").ToException(),
        },
        request.GroupByFeature,
        request.ComparePrevious);

    public static GetUsageResponse ToProto(this UsageReport report)
    {
        var response = new GetUsageResponse
        {
            StartTime = Timestamp.FromDateTimeOffset(report.From),
            EndTime = Timestamp.FromDateTimeOffset(report.To),
            Totals = report.Totals.ToProto(),
            PreviousTotals = report.Previous?.ToProto(),
            ChangeCredits = report.ChangeCredits ?? 0,
        };
        if (report.ChangePercent is { } percent)
        {
            response.ChangePercent = percent;
        }
        response.Buckets.AddRange(report.Buckets.Select(bucket => new V1.UsageBucket
        {
            StartTime = Timestamp.FromDateTimeOffset(bucket.Start),
            Feature = bucket.Feature,
            CreditsSpent = bucket.CreditsSpent,
            Operations = bucket.Operations,
        }));
        return response;
    }

    private static V1.UsageTotals ToProto(this Ledger.Analytics.UsageTotals totals) =>
        new() { CreditsSpent = totals.CreditsSpent, Operations = totals.Operations };
}

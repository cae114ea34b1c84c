using Credits.Ledger.Analytics;
using Credits.Ledger.Errors;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using UsageGranularity = Credits.Ledger.Analytics.UsageGranularity;

namespace Credits.Server.Mapping;

/// <summary>GetUsageOverview's messages to and from the domain's overview.</summary>
internal static class UsageOverviewMapping
{
    public static UsageOverviewQuery ToQuery(this GetUsageOverviewRequest request) => new(
        request.StartTime is { } start ? RequestMapping.ToDateTimeOffset(start, "start_time") : default,
        request.EndTime is { } end ? RequestMapping.ToDateTimeOffset(end, "end_time") : default,
        request.Granularity switch
        {
            V1.UsageGranularity.Unspecified or V1.UsageGranularity.Day => UsageGranularity.Day,
            V1.UsageGranularity.Week => UsageGranularity.Week,
            V1.UsageGranularity.Month => UsageGranularity.Month,
            _ => throw LedgerErrors.Invalid("granularity", "granularity must be DAY, WEEK or MONTH.").ToException(),
        },
        request.Top);

    public static GetUsageOverviewResponse ToProto(this UsageOverview overview)
    {
        var response = new GetUsageOverviewResponse
        {
            StartTime = Timestamp.FromDateTimeOffset(overview.From),
            EndTime = Timestamp.FromDateTimeOffset(overview.To),
            Totals = new V1.UsageTotals { CreditsSpent = overview.Totals.CreditsSpent, Operations = overview.Totals.Operations },
        };
        response.TopAccounts.AddRange(overview.TopAccounts.Select(row => new AccountUsage
        {
            AccountId = row.Key, CreditsSpent = row.CreditsSpent, Operations = row.Operations,
        }));
        response.TopFeatures.AddRange(overview.TopFeatures.Select(row => new FeatureUsage
        {
            Feature = row.Key, CreditsSpent = row.CreditsSpent, Operations = row.Operations,
        }));
        response.Buckets.AddRange(overview.Buckets.Select(bucket => new V1.UsageBucket
        {
            StartTime = Timestamp.FromDateTimeOffset(bucket.Start), CreditsSpent = bucket.CreditsSpent, Operations = bucket.Operations,
        }));
        return response;
    }
}

using Credits.Ledger.Analytics;
using Credits.Ledger.Errors;
using Credits.Server.Stripe;
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

    public static GetForecastResponse ToProto(this Forecast forecast, string packId)
    {
        var response = new GetForecastResponse
        {
            BurnRatePerDay = forecast.BurnRatePerDay,
            WindowDays = forecast.WindowDays,
            HalfLifeDays = forecast.HalfLifeDays,
            Available = forecast.Available,
            RunOutAt = forecast.RunOutAt is { } runOut ? Timestamp.FromDateTimeOffset(runOut) : null,
            SuggestedTopUp = new SuggestedTopUp
            {
                Credits = forecast.SuggestedTopUpCredits,
                PackId = forecast.SuggestedTopUpCredits > 0 ? packId : "",
                BuyBefore = forecast.RunOutAt is { } buyBefore ? Timestamp.FromDateTimeOffset(buyBefore) : null,
            },
        };
        response.ExpiringUnused.AddRange(forecast.ExpiringUnused.Select(lot => new V1.ExpiringCredits
        {
            LotId = lot.LotId,
            Credits = lot.Credits,
            ExpiresAt = Timestamp.FromDateTimeOffset(lot.ExpiresAt),
        }));
        return response;
    }

    /// <summary>The smallest pack (credits and bonus) of <paramref name="packs"/> that covers <paramref name="credits"/>, else the largest; "" for none.</summary>
    public static string PackCovering(IReadOnlyList<KeyValuePair<string, StripePackOptions>> packs, long credits)
    {
        ArgumentNullException.ThrowIfNull(packs);
        var bySize = packs.OrderBy(pack => pack.Value.Credits + pack.Value.BonusCredits).ThenBy(pack => pack.Key, StringComparer.Ordinal).ToList();
        return bySize.FirstOrDefault(pack => pack.Value.Credits + pack.Value.BonusCredits >= credits).Key ?? (bySize.Count > 0 ? bySize[^1].Key : "");
    }

    public static (string? AccountId, DateTimeOffset Start, DateTimeOffset End) ToExport(this ExportUsageRequest request) => (
        request.AccountId.Length == 0 ? null : request.AccountId,
        request.StartTime is { } start ? RequestMapping.ToDateTimeOffset(start, "start_time") : default,
        request.EndTime is { } end ? RequestMapping.ToDateTimeOffset(end, "end_time") : default);

    public static ExportUsageResponse ToProto(this UsageDay day) => new()
    {
        AccountId = day.AccountId,
        Day = Timestamp.FromDateTimeOffset(UsagePeriods.Midnight(day.Day)),
        Feature = day.Feature,
        CreditsSpent = day.CreditsSpent,
        Operations = day.Operations,
        MemberAccountId = day.Member,
    };

    public static V1.Suggestion ToProto(Ledger.Analytics.Suggestion suggestion) => new()
    {
        Kind = suggestion.Kind switch
        {
            Ledger.Analytics.SuggestionKind.SubscriptionCheaper => V1.SuggestionKind.SubscriptionCheaper,
            Ledger.Analytics.SuggestionKind.CheaperFeature => V1.SuggestionKind.CheaperFeature,
            Ledger.Analytics.SuggestionKind.UseExpiringCredits => V1.SuggestionKind.UseExpiringCredits,
            _ => V1.SuggestionKind.Unspecified,
        },
        Message = suggestion.Message,
        SavingCredits = suggestion.SavingCredits,
        SavingAmount = suggestion.SavingAmount,
        Currency = suggestion.Currency,
        Feature = suggestion.Feature,
        Alternative = suggestion.Alternative,
        TierId = suggestion.TierId,
        LotId = suggestion.LotId,
        ExpiresAt = suggestion.ExpiresAt is { } expiresAt ? Timestamp.FromDateTimeOffset(expiresAt) : null,
    };
}

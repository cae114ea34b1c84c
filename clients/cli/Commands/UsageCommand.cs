using System.CommandLine;
using System.Globalization;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;

namespace Credits.Cli.Commands;

/// <summary>
/// <c>credits usage ACCOUNT --from DAY --to DAY [--granularity day|week|month] [--by-feature]</c>:
/// AnalyticsService.GetUsage, with the period before for comparison.
/// </summary>
internal static class UsageCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var account = new Argument<string>("account") { Description = "The account, for example user:42." };
        var from = new Option<DateTimeOffset>("--from") { Description = "First day (ISO 8601, UTC; e.g. 2026-11-01).", Required = true, CustomParser = Instants.Parse };
        var to = new Option<DateTimeOffset>("--to") { Description = "End, exclusive (e.g. 2026-12-01).", Required = true, CustomParser = Instants.Parse };
        var granularity = new Option<string>("--granularity") { Description = "day (the default), week (from Monday) or month.", DefaultValueFactory = _ => "day" };
        granularity.AcceptOnlyFromAmong("day", "week", "month");
        var byFeature = new Option<bool>("--by-feature") { Description = "One row per feature in each bucket." };
        var command = new Command("usage", "Credits an account spent per day, week or month, against the period before.") { account, from, to, granularity, byFeature };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var usage = await run.Client.GetUsageAsync(new GetUsageRequest
            {
                AccountId = run.Value(account),
                StartTime = Timestamp.FromDateTimeOffset(run.Value(from)),
                EndTime = Timestamp.FromDateTimeOffset(run.Value(to)),
                Granularity = run.Value(granularity) switch { "week" => UsageGranularity.Week, "month" => UsageGranularity.Month, _ => UsageGranularity.Day },
                GroupByFeature = run.Value(byFeature),
                ComparePrevious = true,
            }, cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, usage);
                return ExitCodes.Ok;
            }
            TextTable.Write(run.Out, ["start", "feature", "credits", "operations"], usage.Buckets.Select(bucket => (IReadOnlyList<string>)
            [
                bucket.StartTime.ToDateTimeOffset().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                bucket.Feature, Number(bucket.CreditsSpent), Number(bucket.Operations),
            ]));
            var change = usage.HasChangePercent ? string.Create(CultureInfo.InvariantCulture, $", {usage.ChangePercent:+0.0;-0.0;0.0}%") : "";
            run.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"total {Number(usage.Totals.CreditsSpent)} credits in {Number(usage.Totals.Operations)} operations; " +
                $"the period before: {Number(usage.PreviousTotals.CreditsSpent)} ({usage.ChangeCredits:+#,0;-#,0;0}{change})"));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

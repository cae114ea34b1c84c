using System.CommandLine;
using System.Globalization;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;

namespace Credits.Cli.Commands;

/// <summary>
/// <c>credits leaderboard [--period week|month] [--top N]</c>: AnalyticsService.GetLeaderboard, and
/// <c>credits badges ACCOUNT</c>: ListBadges.
/// </summary>
internal static class LeaderboardCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var period = new Option<string>("--period") { Description = "month (the default) or week (from Monday), the one holding now.", DefaultValueFactory = _ => "month" };
        period.AcceptOnlyFromAmong("week", "month");
        var top = new Option<int>("--top") { Description = "Places to list: 1 to 100.", DefaultValueFactory = _ => 10 };
        var command = new Command("leaderboard", "Opted-in accounts ranked by the gift and referral credits they received this week or month.") { period, top };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var board = await run.Client.GetLeaderboardAsync(run.Value(period) == "week" ? UsageGranularity.Week : UsageGranularity.Month, run.Value(top),
                cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, board);
                return ExitCodes.Ok;
            }
            run.Out.WriteLine($"{Day(board.StartTime)} to {Day(board.EndTime)} (exclusive)");
            TextTable.Write(run.Out, ["rank", "name", "credits"], board.Places.Select(place => (IReadOnlyList<string>)
                [place.Rank.ToString(CultureInfo.InvariantCulture), place.DisplayName, place.CreditsEarned.ToString("N0", CultureInfo.InvariantCulture)]));
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command CreateBadges(GlobalOptions options, CliConsole console)
    {
        var account = new Argument<string>("account") { Description = "The account, for example user:42." };
        var command = new Command("badges", "The badges an account earned, and its next credits-used milestone.") { account };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var badges = await run.Client.ListBadgesAsync(run.Value(account), cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, badges);
                return ExitCodes.Ok;
            }
            TextTable.Write(run.Out, ["badge", "milestone", "earned"], badges.Badges.Select(badge => (IReadOnlyList<string>)
                [Names.Of(badge.Kind), badge.Milestone.ToString("N0", CultureInfo.InvariantCulture), Timestamps.Format(badge.EarnedAt)]));
            var next = badges.NextCreditsUsedMilestone == 0 ? "every milestone reached"
                : string.Create(CultureInfo.InvariantCulture, $"next: {badges.NextCreditsUsedMilestone:N0}");
            run.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"credits used {badges.CreditsUsed:N0}; {next}"));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Day(Google.Protobuf.WellKnownTypes.Timestamp timestamp) =>
        timestamp.ToDateTimeOffset().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

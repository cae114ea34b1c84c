using System.CommandLine;
using System.Globalization;
using Credits.Cli.Hosting;
using Credits.Cli.Output;

namespace Credits.Cli.Commands;

/// <summary><c>credits forecast ACCOUNT</c>: AnalyticsService.GetForecast, with its arithmetic.</summary>
internal static class ForecastCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var account = new Argument<string>("account") { Description = "The account, for example user:42." };
        var command = new Command("forecast", "When an account's credits run out at its recent rate, and what to buy before then.") { account };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var forecast = await run.Client.GetForecastAsync(run.Value(account), cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, forecast);
                return ExitCodes.Ok;
            }
            var output = run.Out;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"burn rate  {forecast.BurnRatePerDay:0.##} credits a day (last {forecast.WindowDays} days, weights halving every {forecast.HalfLifeDays:0.#} days)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"available  {forecast.Available:N0}"));
            output.WriteLine($"runs out   {(forecast.RunOutAt is null ? "never at this rate" : Timestamps.Format(forecast.RunOutAt))}");
            foreach (var lot in forecast.ExpiringUnused)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"expiring   {lot.Credits:N0} of lot {lot.LotId} unused at {Timestamps.Format(lot.ExpiresAt)}"));
            }
            if (forecast.SuggestedTopUp is { Credits: > 0 } topUp)
            {
                var pack = topUp.PackId.Length > 0 ? $" (pack {topUp.PackId})" : "";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"top up     {topUp.Credits:N0} credits{pack} before {Timestamps.Format(topUp.BuyBefore)}"));
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}

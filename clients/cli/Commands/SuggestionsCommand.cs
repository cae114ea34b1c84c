using System.CommandLine;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;

namespace Credits.Cli.Commands;

/// <summary><c>credits suggestions ACCOUNT</c>: AnalyticsService.GetSuggestions, one line of advice each.</summary>
internal static class SuggestionsCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var account = new Argument<string>("account") { Description = "The account, for example user:42." };
        var command = new Command("suggestions", "Cost advice for an account, each with its saving.") { account };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var suggestions = await run.Client.GetSuggestionsAsync(run.Value(account), cancellationToken);
            if (run.Json)
            {
                var response = new GetSuggestionsResponse();
                response.Suggestions.AddRange(suggestions);
                ProtoJson.Write(run.Out, response);
                return ExitCodes.Ok;
            }
            if (suggestions.Count == 0)
            {
                run.Out.WriteLine("Nothing to advise.");
            }
            foreach (var suggestion in suggestions)
            {
                run.Out.WriteLine($"{Names.Of(suggestion.Kind)}: {suggestion.Message}");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}

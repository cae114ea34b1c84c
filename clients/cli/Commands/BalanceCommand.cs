using System.CommandLine;
using Credits.Cli.Hosting;
using Credits.Cli.Output;

namespace Credits.Cli.Commands;

/// <summary><c>credits balance ACCOUNT [--as-of INSTANT [--explain]]</c>: GetBalance, now or replayed as of an instant.</summary>
internal static class BalanceCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var account = new Argument<string>("account") { Description = "The account, for example user:42." };
        var asOf = new Option<DateTimeOffset?>("--as-of")
        {
            Description = "The balance as it was at this instant (ISO 8601, UTC without an offset), replayed from the journal.",
            CustomParser = result => Instants.Parse(result),
        };
        var explain = new Option<bool>("--explain") { Description = "With --as-of: also list each lot that held credits then." };
        var command = new Command("balance", "Show an account's balance.") { account, asOf, explain };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            if (run.Value(asOf) is { } instant)
            {
                var past = await run.Client.GetBalanceAsOfAsync(run.Value(account), instant, cancellationToken);
                if (run.Json)
                {
                    ProtoJson.Write(run.Out, past);
                    return ExitCodes.Ok;
                }
                BalanceText.Write(run.Out, past.Balance);
                if (run.Value(explain))
                {
                    run.Out.WriteLine();
                    BalanceText.WriteLots(run.Out, past.Lots);
                }
                return ExitCodes.Ok;
            }
            if (run.Value(explain))
            {
                return ErrorReport.Usage(run.Console.Error, "--explain needs --as-of: the lots are explained from the journal up to an instant.");
            }
            var balance = await run.Client.GetBalanceAsync(run.Value(account), cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, balance);
            }
            else
            {
                BalanceText.Write(run.Out, balance);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}

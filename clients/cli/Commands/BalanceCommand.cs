using System.CommandLine;
using Credits.Cli.Hosting;
using Credits.Cli.Output;

namespace Credits.Cli.Commands;

/// <summary><c>credits balance ACCOUNT</c>: GetBalance.</summary>
internal static class BalanceCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var account = new Argument<string>("account") { Description = "The account, for example user:42." };
        var command = new Command("balance", "Show an account's balance.") { account };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
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

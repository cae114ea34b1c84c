using System.CommandLine;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;

namespace Credits.Cli.Commands;

/// <summary><c>credits release HOLD_ID</c>: Release.</summary>
internal static class ReleaseCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var hold = new Argument<string>("hold-id") { Description = "The hold from reserve." };
        var command = new Command("release", "Give a hold's credits back.") { hold };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var response = await run.Client.ReleaseAsync(new ReleaseRequest { HoldId = run.Value(hold) }, cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, response);
                return ExitCodes.Ok;
            }
            run.Out.WriteLine($"released {BalanceText.Number(response.Released)}");
            run.Out.WriteLine();
            BalanceText.Write(run.Out, response.Balance);
            return ExitCodes.Ok;
        }));
        return command;
    }
}

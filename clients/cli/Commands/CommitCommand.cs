using System.CommandLine;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;

namespace Credits.Cli.Commands;

/// <summary><c>credits commit HOLD_ID [--amount N]</c>: Commit.</summary>
internal static class CommitCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var hold = new Argument<string>("hold-id") { Description = "The hold from reserve." };
        var amount = new Option<long?>("--amount") { Description = "Credits to debit; default all of the hold (the rest goes back)." };
        var command = new Command("commit", "Debit all or part of a hold.") { hold, amount };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var request = new CommitRequest { HoldId = run.Value(hold) };
            if (run.Parse.GetValue(amount) is { } credits)
            {
                request.Amount = credits;
            }
            var response = await run.Client.CommitAsync(request, cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, response);
                return ExitCodes.Ok;
            }
            run.Out.WriteLine($"committed {BalanceText.Number(response.Committed)}, released {BalanceText.Number(response.Released)}");
            run.Out.WriteLine();
            BalanceText.Write(run.Out, response.Balance);
            return ExitCodes.Ok;
        }));
        return command;
    }
}

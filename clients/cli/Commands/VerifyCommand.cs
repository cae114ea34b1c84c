using System.CommandLine;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;

namespace Credits.Cli.Commands;

/// <summary><c>credits verify</c>: checks every ledger invariant over the whole database; exit 1 when any is broken.</summary>
internal static class VerifyCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var command = new Command("verify", "Check every ledger invariant over the whole database; exits 1 if anything is wrong.");
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var response = await run.Client.Admin.VerifyAsync(new VerifyRequest(), cancellationToken: cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, response);
            }
            else if (response.Violations.Count == 0)
            {
                run.Out.WriteLine($"ok: {BalanceText.Number(response.AccountsChecked)} accounts checked, every invariant holds");
            }
            else
            {
                TextTable.Write(run.Out, ["account", "violation"],
                    response.Violations.Select(violation => (IReadOnlyList<string>)[violation.AccountId, violation.Description]));
                run.Out.WriteLine();
                run.Out.WriteLine($"FAILED: {response.Violations.Count} violations in {BalanceText.Number(response.AccountsChecked)} accounts checked");
            }
            return response.Violations.Count == 0 ? ExitCodes.Ok : ExitCodes.ViolationsFound;
        }));
        return command;
    }
}

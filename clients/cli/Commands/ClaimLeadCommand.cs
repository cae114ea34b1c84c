using System.CommandLine;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;

namespace Credits.Cli.Commands;

/// <summary><c>credits claim-lead LEAD USER</c>: ClaimLead.</summary>
internal static class ClaimLeadCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var lead = new Argument<string>("lead-account") { Description = "The lead, lead:<id>." };
        var user = new Argument<string>("user-account") { Description = "The user who signed up, user:<id>." };
        var key = IdempotencyKeyOption.Create();
        var command = new Command("claim-lead", "Move what is left of a lead's credits to the user who signed up.") { lead, user, key };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var request = new ClaimLeadRequest { LeadAccountId = run.Value(lead), UserAccountId = run.Value(user), IdempotencyKey = run.Value(key) };
            var response = await run.Client.ClaimLeadAsync(request, cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, response);
                return ExitCodes.Ok;
            }
            run.Out.WriteLine($"moved {BalanceText.Number(response.Moved)} from {request.LeadAccountId} (idempotency key {request.IdempotencyKey})");
            run.Out.WriteLine();
            BalanceText.Write(run.Out, response.Balance);
            return ExitCodes.Ok;
        }));
        return command;
    }
}

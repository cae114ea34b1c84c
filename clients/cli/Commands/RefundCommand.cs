using System.CommandLine;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;

namespace Credits.Cli.Commands;

/// <summary><c>credits refund --hold HOLD_ID [--amount N] --reason R</c>: RefundCharge (ledger:write key).</summary>
internal static class RefundCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var hold = new Option<string>("--hold") { Description = "The committed hold to refund.", Required = true };
        var amount = new Option<long?>("--amount") { Description = "Credits to give back; default all that is left of the commit." };
        var reason = new Option<string>("--reason") { Description = "Why (required; recorded on the journal entry), e.g. the failed operation.", Required = true };
        var key = IdempotencyKeyOption.Create();
        var command = new Command("refund", "Give back all or part of what a committed hold debited, with a reason.") { hold, amount, reason, key };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var request = new RefundChargeRequest { HoldId = run.Value(hold), Reason = run.Value(reason), IdempotencyKey = run.Value(key) };
            if (run.Parse.GetValue(amount) is { } credits)
            {
                request.Amount = credits;
            }
            var response = await run.Client.RefundChargeAsync(request, cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, response);
                return ExitCodes.Ok;
            }
            run.Out.WriteLine($"refunded {BalanceText.Number(response.Refunded)} (idempotency key {request.IdempotencyKey})");
            run.Out.WriteLine();
            BalanceText.Write(run.Out, response.Balance);
            return ExitCodes.Ok;
        }));
        return command;
    }
}

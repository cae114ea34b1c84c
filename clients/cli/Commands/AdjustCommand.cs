using System.CommandLine;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;

namespace Credits.Cli.Commands;

/// <summary><c>credits adjust ACCOUNT AMOUNT --reason R</c>: AdminService.Adjust (admin key).</summary>
internal static class AdjustCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var account = new Argument<string>("account") { Description = "The account to correct." };
        var amount = new Argument<long>("amount")
        {
            Description = "Signed credits: positive adds an adjustment lot, negative removes available credits (never below zero). Write a negative one after --: adjust user:42 -- -5.",
        };
        var reason = new Option<string>("--reason") { Description = "Why (required; recorded on the journal entry), e.g. a ticket.", Required = true };
        var key = IdempotencyKeyOption.Create();
        var command = new Command("adjust", "Correct an account's balance by a signed amount, with a reason.") { account, amount, reason, key };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var request = new AdjustRequest
            {
                AccountId = run.Value(account),
                Amount = run.Value(amount),
                Reason = run.Value(reason),
                IdempotencyKey = run.Value(key),
            };
            var response = await run.Client.Admin.AdjustAsync(request, cancellationToken: cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, response);
                return ExitCodes.Ok;
            }
            run.Out.WriteLine(response.LotId.Length > 0
                ? $"adjusted by {BalanceText.Number(request.Amount)} as lot {response.LotId} (idempotency key {request.IdempotencyKey})"
                : $"adjusted by {BalanceText.Number(request.Amount)} (idempotency key {request.IdempotencyKey})");
            run.Out.WriteLine();
            BalanceText.Write(run.Out, response.Balance);
            return ExitCodes.Ok;
        }));
        return command;
    }
}

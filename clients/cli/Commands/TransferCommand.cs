using System.CommandLine;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;

namespace Credits.Cli.Commands;

/// <summary><c>credits transfer --from A --to B --amount N [--note T] [--key K]</c>: Transfer.</summary>
internal static class TransferCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var from = new Option<string>("--from") { Description = "The sender, user:<id> or org:<id>.", Required = true };
        var to = new Option<string>("--to") { Description = "The receiver, user:<id> or org:<id>.", Required = true };
        var amount = new Option<long>("--amount") { Description = "Credits to move; they arrive as gift lots that keep their expiry.", Required = true };
        var note = new Option<string>("--note") { Description = "Text kept in both journal entries (256 characters at most).", DefaultValueFactory = _ => "" };
        var key = IdempotencyKeyOption.Create();
        // The short form the support runbook uses; --idempotency-key is the name every command shares.
        key.Aliases.Add("--key");
        var command = new Command("transfer", "Move credits from one account to another (within the sender's daily limit).") { from, to, amount, note, key };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var request = new TransferRequest
            {
                FromAccountId = run.Value(from),
                ToAccountId = run.Value(to),
                Amount = run.Value(amount),
                Note = run.Value(note),
                IdempotencyKey = run.Value(key),
            };
            var response = await run.Client.TransferAsync(request, cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, response);
                return ExitCodes.Ok;
            }
            run.Out.WriteLine($"moved {BalanceText.Number(response.Moved)} from {request.FromAccountId} to {request.ToAccountId} " +
                $"(idempotency key {request.IdempotencyKey})");
            run.Out.WriteLine();
            BalanceText.Write(run.Out, response.FromBalance);
            if (response.ToBalance is { } receiver)
            {
                run.Out.WriteLine();
                BalanceText.Write(run.Out, receiver);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}

using System.CommandLine;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;

namespace Credits.Cli.Commands;

/// <summary><c>credits reserve ACCOUNT [AMOUNT | --feature F]</c>: Reserve.</summary>
internal static class ReserveCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var account = new Argument<string>("account") { Description = "The account to reserve from." };
        var amount = new Argument<long?>("amount") { Description = "Credits to hold (or use --feature).", Arity = ArgumentArity.ZeroOrOne };
        var feature = new Option<string?>("--feature") { Description = "Reserve a priced feature instead of an amount." };
        var quantity = new Option<long>("--quantity") { Description = "Units of the feature; default 1." };
        var ttl = new Option<TimeSpan?>("--ttl") { Description = "How long the hold lives, for example 00:05:00 (the default); 1 s to 24 h." };
        var onBehalfOf = new Option<string?>("--on-behalf-of") { Description = "For a pool (org:) account: the member (user:) the hold is for." };
        var key = IdempotencyKeyOption.Create();
        var metadata = MetadataOption.Create();
        var command = new Command("reserve", "Hold credits for a paid operation; commit or release the hold afterwards.")
        {
            account, amount, feature, quantity, ttl, key, metadata, onBehalfOf,
        };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var request = new ReserveRequest
            {
                AccountId = run.Value(account), Quantity = run.Value(quantity), IdempotencyKey = run.Value(key), OnBehalfOf = run.Parse.GetValue(onBehalfOf) ?? "",
            };
            switch (run.Parse.GetValue(amount), run.Parse.GetValue(feature))
            {
                case ({ } credits, null):
                    request.Amount = credits;
                    break;
                case (null, { } name):
                    request.Feature = name;
                    break;
                default:
                    return ErrorReport.Usage(run.Console.Error, "give either an amount or --feature.");
            }
            if (run.Parse.GetValue(ttl) is { } duration)
            {
                request.Ttl = Duration.FromTimeSpan(duration);
            }
            if (MetadataOption.CopyTo(run.Value(metadata), request.Metadata) is { } bad)
            {
                return ErrorReport.Usage(run.Console.Error, $"--metadata '{bad}' is not key=value.");
            }
            var response = await run.Client.ReserveAsync(request, cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, response);
                return ExitCodes.Ok;
            }
            run.Out.WriteLine($"reserved {BalanceText.Number(response.Amount)} as hold {response.HoldId} until {Timestamps.Format(response.ExpiresAt)} " +
                              $"(idempotency key {request.IdempotencyKey})");
            run.Out.WriteLine();
            BalanceText.Write(run.Out, response.Balance);
            return ExitCodes.Ok;
        }));
        return command;
    }
}

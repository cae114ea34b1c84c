using System.CommandLine;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;

namespace Credits.Cli.Commands;

/// <summary><c>credits grant ACCOUNT AMOUNT --bucket B [--feature F]...</c>: Grant (a feature-scoped lot with --feature).</summary>
internal static class GrantCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var account = new Argument<string>("account") { Description = "The account to credit." };
        var amount = new Argument<long>("amount") { Description = "Credits to add." };
        var bucket = new Option<string>("--bucket")
        {
            Description = $"Where the credits come from: {string.Join(", ", Names.Buckets)}.",
            DefaultValueFactory = _ => "adjustment",
        };
        var expiresAt = new Option<DateTimeOffset?>("--expires-at") { Description = "When the lot expires (ISO 8601); default never." };
        var priority = new Option<int?>("--priority") { Description = "Burn-down priority 0-1000, lower burns first; default the bucket's." };
        var reference = new Option<string>("--reference") { Description = "What caused the grant (a ticket, an invoice).", DefaultValueFactory = _ => "" };
        var features = new Option<string[]>("--feature")
        {
            Description = "Scope the lot to this feature (repeat for several, 16 at most): it then pays only for a reserve of one of them.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var key = IdempotencyKeyOption.Create();
        var metadata = MetadataOption.Create();
        var command = new Command("grant", "Add credits to an account as a new lot.")
        {
            account, amount, bucket, expiresAt, priority, reference, features, key, metadata,
        };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            if (Names.ParseBucket(run.Value(bucket)) is not { } parsedBucket)
            {
                return ErrorReport.Usage(run.Console.Error, $"--bucket must be one of {string.Join(", ", Names.Buckets)}.");
            }
            var request = new GrantRequest
            {
                AccountId = run.Value(account),
                Amount = run.Value(amount),
                Bucket = parsedBucket,
                Reference = run.Value(reference),
                IdempotencyKey = run.Value(key),
            };
            if (run.Parse.GetValue(expiresAt) is { } expiry)
            {
                request.ExpiresAt = Timestamp.FromDateTimeOffset(expiry);
            }
            if (run.Parse.GetValue(priority) is { } value)
            {
                request.Priority = value;
            }
            request.Features.Add(run.Parse.GetValue(features) ?? []);
            if (MetadataOption.CopyTo(run.Value(metadata), request.Metadata) is { } bad)
            {
                return ErrorReport.Usage(run.Console.Error, $"--metadata '{bad}' is not key=value.");
            }
            var response = await run.Client.GrantAsync(request, cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, response);
                return ExitCodes.Ok;
            }
            var scope = request.Features.Count > 0 ? $" for {string.Join(", ", request.Features)}" : "";
            run.Out.WriteLine($"granted {BalanceText.Number(request.Amount)}{scope} as lot {response.LotId} (idempotency key {request.IdempotencyKey})");
            run.Out.WriteLine();
            BalanceText.Write(run.Out, response.Balance);
            return ExitCodes.Ok;
        }));
        return command;
    }
}

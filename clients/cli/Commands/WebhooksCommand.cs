using System.CommandLine;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;

namespace Credits.Cli.Commands;

/// <summary><c>credits webhooks dead-letters list|replay</c>: the notification webhooks the server gave up on (AdminService).</summary>
internal static class WebhooksCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var deadLetters = new Command("dead-letters", "Notification webhooks that failed every attempt (needs an admin key).")
        {
            List(options, console), Replay(options, console),
        };
        return new Command("webhooks", "Notification webhooks to the product's URLs.") { deadLetters };
    }

    private static Command List(GlobalOptions options, CliConsole console)
    {
        var endpoint = new Option<string>("--endpoint") { Description = "Only this endpoint's (its id under NotificationWebhooks:Endpoints)." };
        var command = new Command("list", "List the dead letters, by endpoint, account and sequence.") { endpoint };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var letters = new List<WebhookDelivery>();
            var request = new ListWebhookDeadLettersRequest { EndpointId = run.Value(endpoint) ?? "" };
            do
            {
                var page = await run.Client.Admin.ListWebhookDeadLettersAsync(request, cancellationToken: cancellationToken);
                letters.AddRange(page.DeadLetters);
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, new ListWebhookDeadLettersResponse { DeadLetters = { letters } });
                return ExitCodes.Ok;
            }
            TextTable.Write(run.Out, ["endpoint", "account", "sequence", "kind", "attempts", "dead since", "last error"],
                letters.Select(letter => (IReadOnlyList<string>)
                [
                    letter.EndpointId, letter.Notification.AccountId, letter.Notification.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    letter.Notification.Kind.ToString(), letter.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Timestamps.Format(letter.DeadAt), letter.LastError,
                ]));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Replay(GlobalOptions options, CliConsole console)
    {
        var endpoint = new Argument<string>("endpoint") { Description = "The endpoint's id." };
        var account = new Argument<string>("account") { Description = "The notification's account." };
        var sequence = new Argument<long>("sequence") { Description = "The notification's sequence." };
        var command = new Command("replay", "Send a dead letter again on the dispatcher's next pass (same webhook-id).") { endpoint, account, sequence };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var response = await run.Client.Admin.ReplayWebhookDeadLetterAsync(new ReplayWebhookDeadLetterRequest
            {
                EndpointId = run.Value(endpoint), AccountId = run.Value(account), Sequence = run.Value(sequence),
            }, cancellationToken: cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, response);
                return ExitCodes.Ok;
            }
            var delivery = response.Delivery;
            var state = delivery.DeliveredAt is not null ? $"delivered at {Timestamps.Format(delivery.DeliveredAt)}" : "due now";
            run.Out.WriteLine($"{delivery.WebhookId} to {delivery.EndpointId}: {state}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}

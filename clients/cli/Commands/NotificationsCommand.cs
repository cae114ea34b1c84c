using System.CommandLine;
using System.Globalization;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;

namespace Credits.Cli.Commands;

/// <summary>
/// <c>credits notifications list|read|prefs</c>: NotificationService for support staff: what an
/// account was told, marking it read, and its preferences (shown, or replaced when options are given).
/// </summary>
internal static class NotificationsCommand
{
    public static Command Create(GlobalOptions options, CliConsole console) =>
        new("notifications", "An account's notifications and notification preferences.") { List(options, console), Read(options, console), Prefs(options, console) };

    private static Command List(GlobalOptions options, CliConsole console)
    {
        var account = new Argument<string>("account") { Description = "The account, for example user:42." };
        var unread = new Option<bool>("--unread") { Description = "Only notifications not yet marked read." };
        var command = new Command("list", "List an account's notifications, oldest first.") { account, unread };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var rows = new List<IReadOnlyList<string>>();
            await foreach (var note in run.Client.ListNotificationsAsync(run.Value(account), run.Value(unread), cancellationToken: cancellationToken))
            {
                if (run.Json)
                {
                    ProtoJson.Write(run.Out, note);
                    continue;
                }
                rows.Add([
                    note.Sequence.ToString(CultureInfo.InvariantCulture), Timestamps.Format(note.CreateTime), Names.Of(note.Kind),
                    note.Kind == NotificationKind.LowBalance ? $"{note.ThresholdPercent}%" : "",
                    $"{note.Balance.ToString("N0", CultureInfo.InvariantCulture)} of {note.TopUpBalance.ToString("N0", CultureInfo.InvariantCulture)}",
                    note.Read ? "read" : "unread",
                    note.SuggestedPackId,
                ]);
            }
            if (!run.Json)
            {
                TextTable.Write(run.Out, ["seq", "time", "kind", "threshold", "balance", "state", "pack"], rows);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Read(GlobalOptions options, CliConsole console)
    {
        var account = new Argument<string>("account") { Description = "The account, for example user:42." };
        var upTo = new Option<long>("--up-to") { Description = "Mark every notification up to this sequence read.", Required = true };
        var command = new Command("read", "Mark an account's notifications read up to a sequence.") { account, upTo };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var marked = await run.Client.MarkNotificationsReadAsync(run.Value(account), run.Value(upTo), cancellationToken);
            run.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"marked {marked} read"));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Prefs(GlobalOptions options, CliConsole console)
    {
        var account = new Argument<string>("account") { Description = "The account, for example user:42." };
        // A string, parsed in the action: an unset collection option reads as empty, not as absent.
        var thresholds = new Option<string?>("--thresholds") { Description = "Low-balance thresholds in percent, e.g. 20,10,5; 'none' turns low balance off." };
        thresholds.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && Percents(result.Tokens[0].Value) is null)
            {
                result.AddError($"--thresholds: '{result.Tokens[0].Value}' is not a list of whole percents (e.g. 20,10,5, or none).");
            }
        });
        var inApp = Switch("--in-app", "In-app notifications: on or off.");
        var email = Switch("--email", "Email: on or off.");
        var webhook = Switch("--webhook", "Webhooks to the product: on or off.");
        var emailAddress = new Option<string?>("--email-address")
        {
            Description = "Where notification emails go, e.g. ada@example.com; 'none' clears it (then the purchase receipts' address is used).",
        };
        var locale = new Option<string?>("--locale")
        {
            Description = "The account's locale, a BCP 47 tag such as de-DE: the language of its e-mails; 'none' clears it (English).",
        };
        var key = IdempotencyKeyOption.Create();
        var command = new Command("prefs", "Show an account's notification preferences, or change the ones given.")
        {
            account, thresholds, inApp, email, webhook, emailAddress, locale, key,
        };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var accountId = run.Value(account);
            var preferences = await run.Client.GetNotificationPreferencesAsync(accountId, cancellationToken);
            var changing = run.Parse.GetValue(thresholds) is not null
                || new[] { run.Parse.GetValue(inApp), run.Parse.GetValue(email), run.Parse.GetValue(webhook), run.Parse.GetValue(emailAddress), run.Parse.GetValue(locale) }
                    .Any(value => value is not null);
            if (changing)
            {
                var updated = preferences.Clone();
                if (run.Parse.GetValue(thresholds) is { } list && Percents(list) is { } percents)
                {
                    updated.LowBalanceThresholds.Clear();
                    updated.LowBalanceThresholds.AddRange(percents);
                }
                updated.InApp = On(run.Parse.GetValue(inApp)) ?? updated.InApp;
                updated.Email = On(run.Parse.GetValue(email)) ?? updated.Email;
                updated.Webhook = On(run.Parse.GetValue(webhook)) ?? updated.Webhook;
                // The server checks the address (INVALID_EMAIL_ADDRESS); here only 'none' is translated.
                if (run.Parse.GetValue(emailAddress) is { } address)
                {
                    updated.EmailAddress = address == "none" ? "" : address;
                }
                // The server checks the tag (INVALID_REQUEST naming preferences.locale); here only 'none' is translated.
                if (run.Parse.GetValue(locale) is { } tag)
                {
                    updated.Locale = tag == "none" ? "" : tag;
                }
                preferences = await run.Client.UpdateNotificationPreferencesAsync(new UpdateNotificationPreferencesRequest
                {
                    AccountId = accountId, Preferences = updated, IdempotencyKey = run.Value(key),
                }, cancellationToken);
            }
            if (run.Json)
            {
                ProtoJson.Write(run.Out, preferences);
                return ExitCodes.Ok;
            }
            var shown = preferences.LowBalanceThresholds.Count == 0 ? "none" : string.Join(", ", preferences.LowBalanceThresholds.Select(p => $"{p}%"));
            run.Out.WriteLine($"thresholds  {shown}");
            run.Out.WriteLine($"in-app      {(preferences.InApp ? "on" : "off")}");
            run.Out.WriteLine($"email       {(preferences.Email ? "on" : "off")}");
            run.Out.WriteLine($"webhook     {(preferences.Webhook ? "on" : "off")}");
            run.Out.WriteLine($"email to    {(preferences.EmailAddress.Length == 0 ? "(receipts' address)" : preferences.EmailAddress)}");
            if (preferences.Locale.Length > 0)
            {
                run.Out.WriteLine($"locale      {preferences.Locale}");
            }
            if (changing)
            {
                run.Console.Error.WriteLine($"updated (idempotency key {run.Value(key)})");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Option<string?> Switch(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description };
        option.AcceptOnlyFromAmong("on", "off");
        return option;
    }

    private static bool? On(string? value) => value is null ? null : value == "on";

    // The server validates the range and repeats (and names the bad one); here only that each is a number.
    private static List<int>? Percents(string text)
    {
        if (text == "none")
        {
            return [];
        }
        var percents = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent))
            {
                return null;
            }
            percents.Add(percent);
        }
        return percents;
    }
}

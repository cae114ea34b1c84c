using System.CommandLine;
using System.Globalization;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;

namespace Credits.Cli.Commands;

/// <summary>
/// <c>credits gift bulk --from A --file CSV [--note T]</c>: BulkGift, one transaction for the whole
/// file. The CSV holds <c>account_id,amount</c> rows; a header row and lines starting with # are skipped.
/// </summary>
internal static class GiftCommand
{
    public static Command Create(GlobalOptions options, CliConsole console) =>
        new("gift", "Gift credits to many accounts at once.") { Bulk(options, console) };

    private static Command Bulk(GlobalOptions options, CliConsole console)
    {
        var from = new Option<string>("--from") { Description = "The sender, user:<id> or org:<id>.", Required = true };
        var file = new Option<FileInfo>("--file") { Description = "CSV of account_id,amount rows (1 to 1,000); a header row is allowed.", Required = true };
        var note = new Option<string>("--note") { Description = "Text kept in every journal entry (256 characters at most).", DefaultValueFactory = _ => "" };
        var key = IdempotencyKeyOption.Create();
        var command = new Command("bulk", "Gift credits from one account to every account in a CSV file: all or nothing.") { from, file, note, key };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var request = new BulkGiftRequest { FromAccountId = run.Value(from), Note = run.Value(note), IdempotencyKey = run.Value(key) };
            var lineNumber = 0;
            foreach (var line in await File.ReadAllLinesAsync(run.Value(file).FullName, cancellationToken))
            {
                lineNumber++;
                var text = line.Trim();
                if (text.Length == 0 || text.StartsWith('#') || (lineNumber == 1 && text.StartsWith("account", StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }
                var cells = text.Split(',');
                if (cells.Length != 2 || !long.TryParse(cells[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
                {
                    return ErrorReport.Usage(run.Console.Error, string.Create(CultureInfo.InvariantCulture,
                        $"{run.Value(file).Name} line {lineNumber}: expected account_id,amount (a whole number of credits)."));
                }
                request.Recipients.Add(new BulkGiftRecipient { AccountId = cells[0].Trim(), Amount = amount });
            }
            var response = await run.Client.BulkGiftAsync(request, cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, response);
                return ExitCodes.Ok;
            }
            run.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"gifted {response.Moved} credits from {request.FromAccountId} to {response.Recipients} accounts (idempotency key {request.IdempotencyKey})"));
            run.Out.WriteLine();
            BalanceText.Write(run.Out, response.FromBalance);
            return ExitCodes.Ok;
        }));
        return command;
    }
}

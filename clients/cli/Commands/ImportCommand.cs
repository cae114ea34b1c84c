using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Credits.Cli.Hosting;
using Credits.Cli.Importing;
using Credits.Client.Errors;
using Credits.V1;
using Grpc.Core;

namespace Credits.Cli.Commands;

/// <summary>
/// <c>credits import FILE [--dry-run]</c>: balances (and history) from a CSV exported from an older
/// credits table, through AdminService.ImportLots (docs/import.md). The whole file is checked first,
/// by this command (its shape) and by the server (every value, without writing): a file with a bad
/// row imports nothing, and every bad row is listed with its line. Then the rows go in calls of a
/// few hundred, each applied whole; each (account, source id) is applied once, ever, so running the
/// command again after an interruption or by mistake imports only what is missing.
/// </summary>
internal static partial class ImportCommand
{
    /// <summary>Bad lines listed before the rest is only counted.</summary>
    private const int ProblemsShownMax = 50;

    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV file (columns in docs/import.md; a sample is docs/samples/credits-import.csv)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every row and say what would be imported; import nothing." };
        var command = new Command("import", "Import balances (and history) from a CSV exported from an older credits table, once per source id.") { file, dryRun };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var path = run.Value(file);
            if (!path.Exists)
            {
                return ErrorReport.Usage(console.Error, $"no file '{path.FullName}'.");
            }
            List<ImportLine> lines;
            List<ImportProblem> problems;
            using (var reader = path.OpenText())
            {
                (lines, problems) = ImportFile.Read(reader);
            }
            problems.AddRange(await CheckAsync(run, lines, cancellationToken));
            if (problems.Count > 0)
            {
                return await RefuseAsync(run, problems);
            }
            var accounts = lines.Select(line => line.Row.AccountId).Distinct(StringComparer.Ordinal).Count();
            var credits = lines.Where(line => line.Row.Kind == ImportRowKind.Balance).Sum(line => line.Row.Credits);
            if (run.Parse.GetValue(dryRun))
            {
                run.Out.WriteLine(Invariant($"dry run: {lines.Count:N0} rows ({Count(lines, ImportRowKind.Balance):N0} balances, {Count(lines, ImportRowKind.History):N0} history) for {accounts:N0} accounts, {credits:N0} credits; every row checked, nothing imported"));
                return ExitCodes.Ok;
            }
            return await ImportAsync(run, lines, accounts, cancellationToken);
        }));
        return command;
    }

    // Asks the server to check every call's rows without writing; a refused row is noted with its line
    // and the rest of its call asked again, so every bad row is listed, not only the first.
    private static async Task<List<ImportProblem>> CheckAsync(CommandRun run, List<ImportLine> lines, CancellationToken cancellationToken)
    {
        var problems = new List<ImportProblem>();
        var progress = new ImportProgress(run.Console, "checking ", lines.Count);
        foreach (var batch in ImportBatches.Split(lines))
        {
            var count = batch.Count;
            while (batch.Count > 0)
            {
                try
                {
                    await run.Client.Admin.ImportLotsAsync(ImportBatches.Request(batch, validateOnly: true), cancellationToken: cancellationToken);
                    break;
                }
                catch (RpcException failure) when (RowOf(ErrorTranslator.Translate(failure)) is var (index, message) && index < batch.Count)
                {
                    problems.Add(new ImportProblem(batch[index].Line, message));
                    batch.RemoveAt(index);
                }
            }
            await progress.AdvanceAsync(count);
        }
        await progress.EndAsync();
        return problems;
    }

    private static async Task<int> ImportAsync(CommandRun run, List<ImportLine> lines, int accounts, CancellationToken cancellationToken)
    {
        var progress = new ImportProgress(run.Console, "importing", lines.Count);
        var (imported, already, credits) = (0, 0, 0L);
        var changed = new List<ImportLine>();
        foreach (var batch in ImportBatches.Split(lines))
        {
            ImportLotsResponse response;
            try
            {
                response = await run.Client.Admin.ImportLotsAsync(ImportBatches.Request(batch, validateOnly: false), cancellationToken: cancellationToken);
            }
            catch (RpcException failure)
            {
                await progress.EndAsync();
                var translated = ErrorTranslator.Translate(failure);
                var where = RowOf(translated) is var (index, _) && index < batch.Count ? Invariant($" (line {batch[index].Line})") : "";
                await run.Console.Error.WriteLineAsync(Invariant(
                    $"stopped at lines {batch[0].Line}-{batch[^1].Line}{where}: {imported:N0} rows imported before; those lines and the rest are not. Run the same command again after fixing it: rows already imported are skipped."));
                throw translated;
            }
            for (var i = 0; i < batch.Count; i++)
            {
                switch (response.Rows[i].Outcome)
                {
                    case ImportRowOutcome.Imported:
                        imported++;
                        credits += batch[i].Row.Kind == ImportRowKind.Balance ? batch[i].Row.Credits : 0;
                        break;
                    case ImportRowOutcome.AlreadyImported: already++; break;
                    default: changed.Add(batch[i]); break;
                }
            }
            await progress.AdvanceAsync(batch.Count);
        }
        await progress.EndAsync();
        if (run.Json)
        {
            run.Out.WriteLine(JsonSerializer.Serialize(new { rows = lines.Count, imported, alreadyImported = already, changed = changed.Count, credits, accounts }));
        }
        else
        {
            run.Out.WriteLine(Invariant($"imported {imported:N0} of {lines.Count:N0} rows ({credits:N0} credits) for {accounts:N0} accounts; {already:N0} already imported, {changed.Count:N0} changed since their import"));
            foreach (var line in changed.Take(ProblemsShownMax))
            {
                run.Out.WriteLine(Invariant($"line {line.Line}: source_id '{line.Row.SourceId}' of {line.Row.AccountId} differs from what was imported before; the ledger keeps the first import"));
            }
        }
        // A changed row was not applied: a script must notice.
        return changed.Count == 0 ? ExitCodes.Ok : ExitCodes.ViolationsFound;
    }

    private static async Task<int> RefuseAsync(CommandRun run, List<ImportProblem> problems)
    {
        foreach (var problem in problems.OrderBy(problem => problem.Line).Take(ProblemsShownMax))
        {
            await run.Console.Error.WriteLineAsync(Invariant($"line {problem.Line}: {problem.Message}"));
        }
        if (problems.Count > ProblemsShownMax)
        {
            await run.Console.Error.WriteLineAsync(Invariant($"... and {problems.Count - ProblemsShownMax:N0} more bad lines"));
        }
        await run.Console.Error.WriteLineAsync(Invariant($"error: INVALID_FILE: {problems.Count:N0} bad lines; nothing imported"));
        return ExitCodes.Rejected;
    }

    // The row an error names (rows[3].credits -> 3) and its message without the row's index.
    private static (int Index, string Message)? RowOf(CreditsException failure)
    {
        if (!failure.Metadata.TryGetValue("field", out var field) || RowField().Match(field) is not { Success: true } match)
        {
            return null;
        }
        var message = failure.RpcException?.Status.Detail is { Length: > 0 } detail ? detail : failure.Message;
        return (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), message.Replace($"rows[{match.Groups[1].Value}].", "", StringComparison.Ordinal));
    }

    private static int Count(List<ImportLine> lines, ImportRowKind kind) => lines.Count(line => line.Row.Kind == kind);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^rows\[(\d+)\]")]
    private static partial Regex RowField();
}

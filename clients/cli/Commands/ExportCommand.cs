using System.CommandLine;
using System.Globalization;
using System.Text;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;

namespace Credits.Cli.Commands;

/// <summary>
/// <c>credits export [--account A] [--from T] [--to T] [--format csv|jsonl] [--output FILE]</c>:
/// ExportJournal, written row by row as the stream arrives (nothing is held in memory). A progress line
/// is drawn on stderr only when stderr is a terminal; the last line on stderr says how many rows were written.
/// </summary>
internal static class ExportCommand
{
    public const string Csv = "csv";
    public const string JsonLines = "jsonl";

    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var account = new Option<string?>("--account") { Description = "Only this account's entries (in sequence order)." };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Only entries written at or after this time (ISO 8601)." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Only entries written before this time; default: when the export starts." };
        var format = new Option<string>("--format") { Description = "csv (RFC 4180, the default) or jsonl (JSON lines).", DefaultValueFactory = _ => Csv };
        format.AcceptOnlyFromAmong(Csv, JsonLines);
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of stdout." };
        var command = new Command("export", "Export journal entries of an account and/or a time range as CSV or JSON lines.")
        {
            account, from, to, format, output,
        };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var request = new ExportJournalRequest { AccountId = run.Parse.GetValue(account) ?? "" };
            if (run.Parse.GetValue(from) is { } start)
            {
                request.StartTime = Timestamp.FromDateTimeOffset(start);
            }
            if (run.Parse.GetValue(to) is { } end)
            {
                request.EndTime = Timestamp.FromDateTimeOffset(end);
            }
            var file = run.Parse.GetValue(output);
            var destination = file is null ? "stdout" : file.FullName;
            var writer = file is null ? run.Out : new StreamWriter(file.FullName, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            var progress = new StreamProgress(run.Console, "exporting");
            var completed = false;
            try
            {
                // The global --json asks for JSON wherever a command prints data: here, JSON lines.
                using var csv = run.Value(format) == Csv && !run.Json ? new EntryCsv(writer) : null;
                using var call = run.Client.Admin.ExportJournal(request, cancellationToken: cancellationToken);
                while (await call.ResponseStream.MoveNext(cancellationToken))
                {
                    var exported = call.ResponseStream.Current;
                    if (csv is not null)
                    {
                        csv.Write(exported.AccountId, exported.Entry);
                    }
                    else
                    {
                        await writer.WriteLineAsync(EntryJson.Line(exported.AccountId, exported.Entry));
                    }
                    await progress.RowWrittenAsync();
                }
                completed = true;
            }
            finally
            {
                await writer.FlushAsync(CancellationToken.None);
                if (file is not null)
                {
                    await writer.DisposeAsync();
                }
                await progress.EndAsync(completed, cancellationToken.IsCancellationRequested, destination);
            }
            await run.Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"exported {progress.Rows} rows to {destination}"));
            return ExitCodes.Ok;
        }));
        return command;
    }
}

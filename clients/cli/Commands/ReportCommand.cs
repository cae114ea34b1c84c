using System.CommandLine;
using System.Globalization;
using System.Text;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;

namespace Credits.Cli.Commands;

/// <summary>
/// <c>credits report usage --from DAY --to DAY [--account A | --pool P] [--format csv|parquet] [--output FILE]</c>:
/// AnalyticsService.ExportUsage (the daily aggregates: account, day, feature, credits spent,
/// operations), written as the stream arrives. A progress line is drawn on stderr only when stderr
/// is a terminal; the last line on stderr sums what was written.
/// </summary>
internal static class ReportCommand
{
    public const string Csv = "csv";
    public const string Parquet = "parquet";

    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var from = new Option<DateTimeOffset>("--from")
        {
            Description = "First day (ISO 8601, UTC unless an offset is given; e.g. 2026-11-01).", Required = true, CustomParser = Instants.Parse,
        };
        var to = new Option<DateTimeOffset>("--to")
        {
            Description = "End, exclusive (e.g. 2026-12-01 for all of November).", Required = true, CustomParser = Instants.Parse,
        };
        var account = new Option<string?>("--account") { Description = "Only this account; default: every account (needs the admin scope)." };
        var pool = new Option<string?>("--pool") { Description = "Only this pool (org:...), one row per member, day and feature (adds member_account_id)." };
        var format = new Option<string>("--format") { Description = "csv (RFC 4180, the default) or parquet (needs --output).", DefaultValueFactory = _ => Csv };
        format.AcceptOnlyFromAmong(Csv, Parquet);
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of stdout." };
        var usage = new Command("usage", "Credits spent per account, UTC day and feature, as CSV or Parquet.") { from, to, account, pool, format, output };
        usage.Validators.Add(result =>
        {
            if (result.GetValue(account) is not null && result.GetValue(pool) is not null)
            {
                result.AddError("--account and --pool each choose the rows: give one.");
            }
            if (result.GetValue(format) == Parquet && result.GetValue(output) is null)
            {
                result.AddError("--format parquet writes a binary file: give --output FILE.");
            }
        });
        usage.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var request = new ExportUsageRequest
            {
                AccountId = run.Parse.GetValue(account) ?? "",
                PoolAccountId = run.Parse.GetValue(pool) ?? "",
                StartTime = Timestamp.FromDateTimeOffset(run.Value(from)),
                EndTime = Timestamp.FromDateTimeOffset(run.Value(to)),
            };
            var file = run.Parse.GetValue(output);
            var destination = file is null ? "stdout" : file.FullName;
            var progress = new StreamProgress(run.Console, "reporting");
            long credits = 0, operations = 0;
            var completed = false;
            await using (var stream = file is null ? null : new FileStream(file.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                var text = stream is null ? run.Out : new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
                try
                {
                    var members = request.PoolAccountId.Length > 0;
                    await using IUsageSink sink = run.Value(format) == Parquet
                        ? await UsageParquet.CreateAsync(stream!, cancellationToken, members)
                        : new UsageCsv(text, members);
                    using var call = run.Client.Analytics.ExportUsage(request, cancellationToken: cancellationToken);
                    while (await call.ResponseStream.MoveNext(cancellationToken))
                    {
                        var row = call.ResponseStream.Current;
                        await sink.WriteAsync(row, cancellationToken);
                        (credits, operations) = (credits + row.CreditsSpent, operations + row.Operations);
                        await progress.RowWrittenAsync();
                    }
                    completed = true;
                }
                finally
                {
                    await text.FlushAsync(CancellationToken.None);
                    if (stream is not null)
                    {
                        await text.DisposeAsync();
                    }
                    await progress.EndAsync(completed, cancellationToken.IsCancellationRequested, destination);
                }
            }
            await run.Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"reported {progress.Rows} rows ({credits} credits spent in {operations} operations) to {destination}"));
            return ExitCodes.Ok;
        }));
        return new Command("report", "Reports built from the ledger's aggregates.") { usage };
    }
}

using System.CommandLine;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.Client.Errors;

namespace Credits.Cli.Commands;

/// <summary>
/// <c>credits history ACCOUNT [--follow]</c>: StreamHistory. With <c>--follow</c> it tails live entries
/// until Ctrl-C (then exits 0), and when the stream breaks with UNAVAILABLE (a server restart, a
/// database outage) it reconnects and resumes after the last sequence it printed, so nothing is
/// skipped or printed twice.
/// </summary>
internal static class HistoryCommand
{
    /// <summary>Reconnection attempts without --follow before giving up; a follower never gives up.</summary>
    public const int ReconnectsMaxWithoutFollow = 3;

    /// <summary>The longest wait between reconnections.</summary>
    public static readonly TimeSpan ReconnectDelayMax = TimeSpan.FromSeconds(5);

    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var account = new Argument<string>("account") { Description = "The account whose journal to show." };
        var after = new Option<long>("--after") { Description = "Start after this sequence; default 0, the beginning." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new entries as they are written, until Ctrl-C." };
        var command = new Command("history", "Show an account's journal, and with --follow tail it live.") { account, after, follow };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var accountId = run.Value(account);
            var following = run.Value(follow);
            var cursor = run.Value(after);
            var failures = 0;
            if (!run.Json)
            {
                EntryText.WriteHeader(run.Out);
            }
            while (true)
            {
                try
                {
                    await foreach (var entry in run.Client.StreamHistoryAsync(accountId, cursor, following, cancellationToken))
                    {
                        if (run.Json)
                        {
                            run.Out.WriteLine(EntryJson.Line(accountId, entry));
                        }
                        else
                        {
                            EntryText.WriteRow(run.Out, entry);
                        }
                        await run.Out.FlushAsync(cancellationToken);
                        cursor = entry.Sequence;
                        failures = 0;
                    }
                    return ExitCodes.Ok;
                }
                catch (Exception stopped) when (following && cancellationToken.IsCancellationRequested
                                                && stopped is OperationCanceledException or CreditsException)
                {
                    // Ctrl-C is how a follower ends: a clean exit.
                    return ExitCodes.Ok;
                }
                catch (CreditsUnavailableException unavailable) when (!cancellationToken.IsCancellationRequested
                                                                        && (following || failures < ReconnectsMaxWithoutFollow))
                {
                    failures++;
                    var delay = TimeSpan.FromMilliseconds(Math.Min(ReconnectDelayMax.TotalMilliseconds, 250 * Math.Pow(2, failures - 1)));
                    await run.Console.Error.WriteLineAsync(
                        $"warning: {unavailable.Reason ?? ErrorReport.UpperSnake(unavailable.StatusCode)}: stream interrupted; resuming after sequence {cursor}");
                    try
                    {
                        await Task.Delay(delay, cancellationToken);
                    }
                    catch (OperationCanceledException) when (following)
                    {
                        return ExitCodes.Ok;
                    }
                }
            }
        }));
        return command;
    }
}

using System.CommandLine;
using Credits.Cli.Commands;
using Credits.Cli.Hosting;

namespace Credits.Cli;

/// <summary>
/// The <c>credits</c> command line: builds the commands, parses, and runs one. Tests call
/// <see cref="RunAsync"/> in-process with their own console; <c>Program</c> passes the real one.
/// </summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var options = new GlobalOptions();
        var root = new RootCommand("Admin CLI of the credits ledger. Server and key from --url/--api-key or CREDITS_URL/CREDITS_API_KEY.");
        options.AddTo(root);
        root.Subcommands.Add(BalanceCommand.Create(options, console));
        root.Subcommands.Add(GrantCommand.Create(options, console));
        root.Subcommands.Add(ReserveCommand.Create(options, console));
        root.Subcommands.Add(CommitCommand.Create(options, console));
        root.Subcommands.Add(ReleaseCommand.Create(options, console));
        root.Subcommands.Add(RefundCommand.Create(options, console));
        root.Subcommands.Add(HistoryCommand.Create(options, console));
        root.Subcommands.Add(ClaimLeadCommand.Create(options, console));
        root.Subcommands.Add(AdjustCommand.Create(options, console));
        root.Subcommands.Add(ImportCommand.Create(options, console));
        root.Subcommands.Add(TransferCommand.Create(options, console));
        root.Subcommands.Add(KeysCommand.Create(options, console));
        root.Subcommands.Add(WebhooksCommand.Create(options, console));
        root.Subcommands.Add(VerifyCommand.Create(options, console));
        root.Subcommands.Add(ExportCommand.Create(options, console));
        root.Subcommands.Add(ReportCommand.Create(options, console));
        root.Subcommands.Add(UsageCommand.Create(options, console));
        root.Subcommands.Add(ForecastCommand.Create(options, console));
        root.Subcommands.Add(SuggestionsCommand.Create(options, console));
        root.Subcommands.Add(LeaderboardCommand.Create(options, console));
        root.Subcommands.Add(LeaderboardCommand.CreateBadges(options, console));
        root.Subcommands.Add(NotificationsCommand.Create(options, console));
        root.Subcommands.Add(PoolsCommand.Create(options, console));
        root.Subcommands.Add(GiftCodesCommand.Create(options, console));
        root.Subcommands.Add(GiftCommand.Create(options, console));
        root.Subcommands.Add(ReferralsCommand.Create(options, console));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                ErrorReport.Usage(console.Error, error.Message);
            }
            console.Error.WriteLine("Run 'credits --help' for usage.");
            return ExitCodes.Usage;
        }
        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            // Program turns Ctrl-C into the cancellation token; commands decide how to end.
            ProcessTerminationTimeout = null,
        };
        return await parse.InvokeAsync(invocation, cancellationToken);
    }
}

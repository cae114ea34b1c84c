using System.CommandLine;
using Credits.Cli.Hosting;
using Credits.Cli.Output;

namespace Credits.Cli.Commands;

/// <summary><c>credits referrals code|apply|list</c>: ReferralService for support and operators (docs/referrals.md).</summary>
internal static class ReferralsCommand
{
    public static Command Create(GlobalOptions options, CliConsole console) =>
        new("referrals", "Show a user's referral code, apply one to a new user, list a user's referrals.")
        {
            Code(options, console), Apply(options, console), List(options, console),
        };

    private static Command Code(GlobalOptions options, CliConsole console)
    {
        var account = new Argument<string>("account") { Description = "The user, for example user:42." };
        var command = new Command("code", "Print the user's referral code (created on first ask, then stable).") { account };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            run.Out.WriteLine(await run.Client.GetReferralCodeAsync(run.Value(account), cancellationToken));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Apply(GlobalOptions options, CliConsole console)
    {
        var code = new Argument<string>("code") { Description = "The referrer's code, XXXX-XXXX-XXXX (case, dashes and spaces do not matter)." };
        var referee = new Option<string>("--account") { Description = "The new user who signed up with the code, for example user:43.", Required = true };
        var key = IdempotencyKeyOption.Create();
        var command = new Command("apply", "Apply a referral code to a new user: both are rewarded at its first payment.") { code, referee, key };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var response = await run.Client.ApplyReferralCodeAsync(run.Value(referee), run.Value(code), run.Value(key), cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, response);
                return ExitCodes.Ok;
            }
            run.Out.WriteLine($"{run.Value(referee)} referred by {response.ReferrerAccountId} (idempotency key {run.Value(key)})");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List(GlobalOptions options, CliConsole console)
    {
        var account = new Argument<string>("account") { Description = "The referrer, for example user:42." };
        var command = new Command("list", "List the users an account referred, newest first, with each reward's state.") { account };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var rows = new List<IReadOnlyList<string>>();
            await foreach (var referral in run.Client.ListReferralsAsync(run.Value(account), cancellationToken: cancellationToken))
            {
                if (run.Json)
                {
                    ProtoJson.Write(run.Out, referral);
                    continue;
                }
                rows.Add([
                    referral.RefereeAccountId, referral.State.ToString().ToLowerInvariant(), Timestamps.Format(referral.AppliedAt),
                    referral.RewardedAt is null ? "" : Timestamps.Format(referral.RewardedAt),
                ]);
            }
            if (!run.Json)
            {
                TextTable.Write(run.Out, ["referee", "state", "applied", "rewarded"], rows);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}

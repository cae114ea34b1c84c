using System.CommandLine;
using System.Globalization;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;

namespace Credits.Cli.Commands;

/// <summary>
/// <c>credits pools members add|update|remove|list</c>, <c>credits pools usage</c> and <c>credits pools policy</c>: PoolService
/// for operators: who may spend from an enterprise pool, on what terms, and what each used this period.
/// </summary>
internal static class PoolsCommand
{
    public static Command Create(GlobalOptions options, CliConsole console) =>
        new("pools", "Enterprise pools: members, their limits and their usage.")
        {
            new Command("members", "Add, change, remove or list a pool's members.")
            {
                Terms("add", "Add a member to a pool (or a removed member again).", options, console),
                Terms("update", "Change an active member's limit, period or role.", options, console),
                Remove(options, console),
                List(options, console),
            },
            Usage(options, console),
            Policy(options, console),
        };

    private static Option<string> Pool() => new("--pool") { Description = "The pool, for example org:acme.", Required = true };

    private static Option<string> Member() => new("--member") { Description = "The member, for example user:42.", Required = true };

    // add and update take the same terms: a limit (or none), its period and the role.
    private static Command Terms(string name, string description, GlobalOptions options, CliConsole console)
    {
        var (pool, member) = (Pool(), Member());
        var limit = new Option<long?>("--limit") { Description = "Credits per period; leave out for no limit." };
        var period = new Option<string>("--period") { Description = "none, day, week (from Monday) or month, in UTC.", Required = true };
        period.AcceptOnlyFromAmong("none", "day", "week", "month");
        var role = new Option<string>("--role") { Description = "member (the default) or admin.", DefaultValueFactory = _ => "member" };
        role.AcceptOnlyFromAmong("member", "admin");
        var key = IdempotencyKeyOption.Create();
        var command = new Command(name, description) { pool, member, limit, period, role, key };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var (poolId, memberId, limitValue) = (run.Value(pool), run.Value(member), run.Parse.GetValue(limit));
            var (periodValue, roleValue) = (PoolRows.ParsePeriod(run.Value(period)), PoolRows.ParseRole(run.Value(role)));
            PoolMember changed;
            if (name == "add")
            {
                var request = new AddPoolMemberRequest { PoolAccountId = poolId, MemberAccountId = memberId, Period = periodValue, Role = roleValue, IdempotencyKey = run.Value(key) };
                if (limitValue is { } value)
                {
                    request.Limit = value;
                }
                changed = await run.Client.AddPoolMemberAsync(request, cancellationToken);
            }
            else
            {
                var request = new UpdatePoolMemberRequest { PoolAccountId = poolId, MemberAccountId = memberId, Period = periodValue, Role = roleValue, IdempotencyKey = run.Value(key) };
                if (limitValue is { } value)
                {
                    request.Limit = value;
                }
                changed = await run.Client.UpdatePoolMemberAsync(request, cancellationToken);
            }
            return Show(run, [changed], $"{(name == "add" ? "added" : "updated")} (idempotency key {run.Value(key)})");
        }));
        return command;
    }

    private static Command Remove(GlobalOptions options, CliConsole console)
    {
        var (pool, member, key) = (Pool(), Member(), IdempotencyKeyOption.Create());
        var command = new Command("remove", "Remove a member: its new reserves are refused; its open holds still end normally.") { pool, member, key };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var removed = await run.Client.RemovePoolMemberAsync(run.Value(pool), run.Value(member), run.Value(key), cancellationToken);
            return Show(run, [removed], $"removed (idempotency key {run.Value(key)})");
        }));
        return command;
    }

    private static Command List(GlobalOptions options, CliConsole console)
    {
        var pool = Pool();
        var removed = new Option<bool>("--include-removed") { Description = "Removed members too." };
        var command = new Command("list", "List a pool's members with what each used this period.") { pool, removed };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var members = new List<PoolMember>();
            await foreach (var member in run.Client.ListPoolMembersAsync(run.Value(pool), run.Value(removed), cancellationToken: cancellationToken))
            {
                members.Add(member);
            }
            return Show(run, members, null);
        }));
        return command;
    }

    private static Command Usage(GlobalOptions options, CliConsole console)
    {
        var pool = Pool();
        var format = new Option<string>("--format") { Description = "table (the default) or csv.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv");
        var command = new Command("usage", "Each member's limit, period, and what it holds and committed this period (removed members too).") { pool, format };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var members = new List<PoolMember>();
            await foreach (var member in run.Client.GetPoolUsageAsync(run.Value(pool), cancellationToken: cancellationToken))
            {
                members.Add(member);
            }
            if (run.Value(format) == "csv")
            {
                PoolRows.WriteCsv(run.Out, members);
                return ExitCodes.Ok;
            }
            return Show(run, members, null);
        }));
        return command;
    }

    private static Command Policy(GlobalOptions options, CliConsole console)
    {
        var (pool, key) = (Pool(), IdempotencyKeyOption.Create());
        var fallback = new Option<string>("--fallback")
        {
            Description = "member_account: a reserve the pool or the member's allowance cannot cover takes the member's own account; none: refused.",
            Required = true,
        };
        fallback.AcceptOnlyFromAmong("none", "member_account");
        var command = new Command("policy", "Set a pool's fallback policy.") { pool, fallback, key };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var value = run.Value(fallback) == "member_account" ? PoolFallback.MemberAccount : PoolFallback.None;
            var set = await run.Client.SetPoolPolicyAsync(run.Value(pool), value, run.Value(key), cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, set);
            }
            else
            {
                run.Out.WriteLine($"{set.PoolAccountId} fallback {(set.Fallback == PoolFallback.MemberAccount ? "member_account" : "none")}");
            }
            run.Console.Error.WriteLine($"set (idempotency key {run.Value(key)})");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static int Show(CommandRun run, IReadOnlyList<PoolMember> members, string? done)
    {
        if (run.Json)
        {
            foreach (var member in members)
            {
                ProtoJson.Write(run.Out, member);
            }
        }
        else
        {
            TextTable.Write(run.Out, PoolRows.Columns, members.Select(PoolRows.Text));
        }
        if (done is not null)
        {
            run.Console.Error.WriteLine(done);
        }
        return ExitCodes.Ok;
    }
}

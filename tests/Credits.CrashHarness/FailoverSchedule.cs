using System.Diagnostics;
using System.Globalization;

namespace Credits.CrashHarness;

/// <summary>
/// The faults of failover mode, one after the other under load: wait until pg_auto_failover shows a
/// settled primary with a settled synchronous standby, lose the primary's host (SIGKILL of its
/// postmaster and keeper, see <see cref="FailoverCluster"/>), wait until the monitor has promoted the
/// standby, bring the host back, wait until the old primary is the new standby (its keeper
/// rewinds and restarts it), and again. The ledger server is never touched: it must
/// follow the primary through its multi-host connection string. A failover that does not promote
/// or rejoin within its bound is a problem, and ends the schedule (the next kill would find no
/// standby to promote).
/// </summary>
internal sealed class FailoverSchedule(
    HarnessOptions options,
    ServerFleet servers,
    FailoverCluster cluster,
    CallStats stats)
{
    /// <summary>How long one promotion may take: the harness's failure bound, not an expectation.</summary>
    public static readonly TimeSpan PromotionTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long the old primary may take to rewind, restart and be reported secondary.</summary>
    public static readonly TimeSpan RejoinTimeout = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan LoadBeforeKill = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public int Kills { get; private set; }

    /// <summary>Failovers that went all the way: promoted and old primary back as standby.</summary>
    public int Completed { get; private set; }

    public long CallsInFlightAtFaults { get; private set; }

    public TimeSpan LongestPromotion { get; private set; }

    public TimeSpan LongestRejoin { get; private set; }

    public List<string> Problems { get; } = [];

    public async Task RunAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        for (var i = 0; i < options.Failovers; i++)
        {
            await Task.Delay(LoadBeforeKill, cancellationToken);
            if (!await FailOverOnceAsync(clock, cancellationToken))
            {
                break;
            }
        }
        if (servers.ExitedOnTheirOwn.Any())
        {
            Problems.Add("the server exited on its own during the failovers");
        }
        if (options.ChaosDuration > clock.Elapsed)
        {
            await Task.Delay(options.ChaosDuration - clock.Elapsed, cancellationToken);
        }
    }

    private async Task<bool> FailOverOnceAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        var primary = await WaitForAsync(FailoverCluster.HealthyPrimary, RejoinTimeout, cancellationToken);
        if (primary is null)
        {
            Problems.Add($"no settled primary with a settled standby to kill ({Describe(await cluster.NodesAsync(cancellationToken))})");
            return false;
        }
        var synchronous = await cluster.SynchronousStandbyNamesAsync(primary, cancellationToken);
        if (string.IsNullOrWhiteSpace(synchronous))
        {
            Problems.Add($"{primary.Name} is primary without a synchronous standby (synchronous_standby_names is empty): an acknowledged commit could die with it");
        }

        var inFlight = stats.InFlight;
        var started = clock.Elapsed;
        var pid = await cluster.LoseHostAsync(primary, cancellationToken);
        Kills++;
        CallsInFlightAtFaults += inFlight;

        var promoted = await WaitForAsync(
            nodes => nodes.FirstOrDefault(node => node.Name != primary.Name && node.Settled && node.Reported is "wait_primary" or "primary"),
            PromotionTimeout, cancellationToken);
        var promotion = clock.Elapsed - started;
        if (promoted is null)
        {
            Problems.Add($"failover {Kills}: no standby promoted within {PromotionTimeout.TotalSeconds} s of killing {primary.Name} ({Describe(await cluster.NodesAsync(cancellationToken))})");
            cluster.RestoreHost(primary);
            return false;
        }
        LongestPromotion = promotion > LongestPromotion ? promotion : LongestPromotion;
        cluster.RestoreHost(primary);

        var rejoined = await WaitForAsync(
            nodes => FailoverCluster.HealthyPrimary(nodes) is { } now && now.Name != primary.Name ? now : null,
            RejoinTimeout, cancellationToken);
        var rejoin = clock.Elapsed - started;
        if (rejoined is null)
        {
            Problems.Add($"failover {Kills}: {primary.Name} was not back as standby within {RejoinTimeout.TotalSeconds} s ({Describe(await cluster.NodesAsync(cancellationToken))})");
            return false;
        }
        LongestRejoin = rejoin > LongestRejoin ? rejoin : LongestRejoin;
        Completed++;
        Say(started, $"SIGKILL keeper and postmaster {pid} of primary {primary.Name} ({inFlight} calls in flight; synchronous_standby_names '{synchronous}'): " +
            $"{promoted.Name} promoted after {Ms(promotion)}, {primary.Name} back as standby after {Ms(rejoin)}");
        return true;
    }

    /// <summary>Polls the monitor until <paramref name="found"/> picks a node, or null after <paramref name="timeout"/>.</summary>
    private async Task<FailoverNode?> WaitForAsync(
        Func<IReadOnlyList<FailoverNode>, FailoverNode?> found, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            try
            {
                if (found(await cluster.NodesAsync(cancellationToken)) is { } node)
                {
                    return node;
                }
            }
            catch (Npgsql.NpgsqlException)
            {
                // The monitor is not a fault target; a refused connection is retried like a wrong state.
            }
            await Task.Delay(Poll, cancellationToken);
        }
        return null;
    }

    private static string Describe(IReadOnlyList<FailoverNode> nodes) =>
        string.Join(", ", nodes.Select(node => $"{node.Name} {node.Reported}/{node.Goal}"));

    private static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms";

    private static void Say(TimeSpan at, string what) =>
        Console.WriteLine($"  [{at.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),6} s] {what}");
}

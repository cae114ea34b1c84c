using System.Diagnostics;
using System.Globalization;

namespace Credits.CrashHarness;

/// <summary>
/// The faults, one at a time over the chaos window: the requested number of server SIGKILLs and of
/// PostgreSQL immediate stops, shuffled, each at a random moment inside its own slot of the window
/// (so never both at once), with at least a second of load between them.
/// <list type="bullet">
/// <item>Kill: SIGKILL the server by its process id while calls are in flight, wait a random
/// 0.2-1.5 s, start it again on the same port and wait for SERVING. With several instances each
/// kill hits the next one in turn (from a random first), so every instance dies when there are at
/// least as many kills as instances, while the others keep serving.</item>
/// <item>PostgreSQL: <c>pg_ctl -m immediate stop</c> under load, leave it down a random 1-4 s (longer
/// than the server's own retries of a transaction, about 2.3 s, in most cases),
/// start it (crash recovery), then the same server process must serve again: it is never
/// restarted for this, and exiting on its own is a failure. While it is down, an
/// <see cref="OutageProbe"/> checks that the server answers UNAVAILABLE DATABASE_UNAVAILABLE.</item>
/// </list>
/// </summary>
internal sealed class ChaosSchedule(
    HarnessOptions options,
    ServerFleet servers,
    PostgresCluster postgres,
    CallStats stats,
    OutageProbe probe,
    string probeAccount,
    Random random)
{
    private static readonly TimeSpan LoadBetweenFaults = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(45);

    private enum Fault
    {
        KillServer,
        RestartPostgres,
    }

    public int Kills { get; private set; }

    private int _nextVictim = random.Next(servers.Instances.Count);

    public int PostgresRestarts { get; private set; }

    /// <summary>Calls in flight at each fault, summed: evidence that the faults hit work in progress.</summary>
    public long CallsInFlightAtFaults { get; private set; }

    /// <summary>The longest time from a fault to SERVING again.</summary>
    public TimeSpan LongestRecovery { get; private set; }

    /// <summary>What went wrong with the server itself (it exited on its own, or did not come back).</summary>
    public List<string> Problems { get; } = [];

    public async Task RunAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        var plan = Enumerable.Repeat(Fault.KillServer, options.Kills)
            .Concat(Enumerable.Repeat(Fault.RestartPostgres, options.PgRestarts))
            .ToArray();
        random.Shuffle(plan);
        var slot = options.ChaosDuration / Math.Max(1, plan.Length);
        var notBefore = TimeSpan.FromSeconds(2);
        for (var i = 0; i < plan.Length; i++)
        {
            var at = slot * i + slot * (0.1 + 0.6 * random.NextDouble());
            if (at < notBefore)
            {
                at = notBefore;
            }
            if (at > clock.Elapsed)
            {
                await Task.Delay(at - clock.Elapsed, cancellationToken);
            }
            if (plan[i] == Fault.KillServer)
            {
                await KillServerAsync(clock, cancellationToken);
            }
            else
            {
                await RestartPostgresAsync(clock, cancellationToken);
            }
            notBefore = clock.Elapsed + LoadBetweenFaults;
        }
        if (options.ChaosDuration > clock.Elapsed)
        {
            await Task.Delay(options.ChaosDuration - clock.Elapsed, cancellationToken);
        }
    }

    private async Task KillServerAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        await EnsureServersAliveAsync(clock, cancellationToken);
        var server = servers.Instances[_nextVictim];
        _nextVictim = (_nextVictim + 1) % servers.Instances.Count;
        var inFlight = stats.InFlight;
        var started = clock.Elapsed;
        await server.KillAsync();
        Kills++;
        CallsInFlightAtFaults += inFlight;
        var down = TimeSpan.FromMilliseconds(random.Next(200, 1501));
        await Task.Delay(down, cancellationToken);
        await StartServerAsync(server, cancellationToken);
        var recovery = clock.Elapsed - started;
        LongestRecovery = recovery > LongestRecovery ? recovery : LongestRecovery;
        Say(started, $"SIGKILL server{server.Name} ({inFlight} calls in flight), down {Ms(down)}, serving again after {Ms(recovery)}");
    }

    private async Task RestartPostgresAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        await EnsureServersAliveAsync(clock, cancellationToken);
        var inFlight = stats.InFlight;
        var started = clock.Elapsed;
        await postgres.StopImmediateAsync(cancellationToken);
        PostgresRestarts++;
        CallsInFlightAtFaults += inFlight;
        var probing = probe.RunAsync(probeAccount);
        var down = TimeSpan.FromMilliseconds(random.Next(1000, 4001));
        await Task.Delay(down, cancellationToken);
        var stopped = clock.Elapsed - started;
        await postgres.StartAsync(cancellationToken);
        var accepting = clock.Elapsed - started;
        if (servers.ExitedOnTheirOwn.Any())
        {
            Problems.Add($"a server exited on its own while PostgreSQL was down ({Ms(started)} into the run)");
            await EnsureServersAliveAsync(clock, cancellationToken);
        }
        try
        {
            await servers.WaitAllServingAsync(RecoveryTimeout, cancellationToken);
        }
        catch (Exception error) when (error is TimeoutException or InvalidOperationException)
        {
            Problems.Add($"a server did not serve again after PostgreSQL restarted: {error.Message}");
            await EnsureServersAliveAsync(clock, cancellationToken);
        }
        await probing;
        var recovery = clock.Elapsed - started;
        LongestRecovery = recovery > LongestRecovery ? recovery : LongestRecovery;
        Say(started, $"pg_ctl stop -m immediate ({inFlight} calls in flight), down {Ms(stopped)}, accepting after {Ms(accepting)}, server serving after {Ms(recovery)}");
    }

    /// <summary>A server that died without being killed is a failure; it is started again so the run can finish and be audited.</summary>
    private async Task EnsureServersAliveAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        foreach (var server in servers.ExitedOnTheirOwn.ToList())
        {
            Problems.Add($"server{server.Name} exited on its own ({Ms(clock.Elapsed)} into the run); starting it again");
            await server.KillAsync();
            await StartServerAsync(server, cancellationToken);
        }
    }

    private async Task StartServerAsync(ServerProcess server, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await server.StartAsync(cancellationToken);
                return;
            }
            catch (Exception error) when (attempt < 3 && error is TimeoutException or InvalidOperationException)
            {
                Problems.Add($"server start {attempt} failed: {error.Message}");
                await server.KillAsync();
            }
        }
    }

    private static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms";

    private static void Say(TimeSpan at, string what) =>
        Console.WriteLine($"  [{at.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),6} s] {what}");
}

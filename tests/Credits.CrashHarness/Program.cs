using System.Diagnostics;
using System.Globalization;
using Credits.CrashHarness;

// The crash harness (see tests/crash.sh): load + SIGKILLs of the server + immediate PostgreSQL stops,
// then an audit of the database against every acknowledged answer. In failover mode (see
// tests/failover.sh) the faults are SIGKILLs of the PostgreSQL primary's postmaster under
// pg_auto_failover instead (FailoverSchedule), with the same load and the same audit. With --instances N
// (tests/crash.sh --instances 3 in CI) N servers share the database, the callers spread over them by
// client-side load balancing, each kill hits one instance, and CoherenceWatch checks that history
// streams and balance reads agree across instances. Exit code 0 only when nothing was lost, doubled
// or violated and every planned fault happened; 1 otherwise; 2 for bad arguments.

HarnessOptions options;
try
{
    options = HarnessOptions.Parse(args);
}
catch (ArgumentException error)
{
    await Console.Error.WriteLineAsync(error.Message);
    await Console.Error.WriteLineAsync(HarnessOptions.Usage);
    return 2;
}

var total = Stopwatch.StartNew();
// A hard bound on the whole run: the chaos window, then time to drain, recover and audit.
using var hardLimit = new CancellationTokenSource(options.ChaosDuration + TimeSpan.FromSeconds(75)
    + options.Failovers * (FailoverSchedule.PromotionTimeout + FailoverSchedule.RejoinTimeout));
var postgres = new PostgresCluster(options);
var settings = await postgres.DurabilitySettingsAsync(hardLimit.Token);
var header = options.FailoverMode ? "failover harness" : options.MultiInstance ? "multi-instance harness" : "crash harness";
Console.WriteLine($"{header}: seed {options.Seed}, {options.Callers} callers, {options.Accounts} accounts, " +
    (options.MultiInstance ? $"{options.Instances} server instances over one database, " : "") +
    $"{options.ChaosDuration.TotalSeconds} s of chaos with {options.Kills} server kills and {options.PgRestarts} PostgreSQL restarts, " +
    (options.FailoverMode ? $"{options.Failovers} primary kills under pg_auto_failover, " : "") +
    $"{options.CallDeadline.TotalMilliseconds} ms per attempt");
Console.WriteLine($"  PostgreSQL: {string.Join(", ", settings)}; logs in {options.WorkDirectory}");
if (!settings.Contains("fsync=on") || !settings.Contains("synchronous_commit=on"))
{
    await Console.Error.WriteLineAsync($"{header}: PostgreSQL must run with fsync=on and synchronous_commit=on: a crash test on a cluster that may lose commits proves nothing.");
    return 2;
}

await using var servers = new ServerFleet(options);
AppDomain.CurrentDomain.ProcessExit += (_, _) => servers.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
try
{
    await servers.StartAllAsync(hardLimit.Token);
}
catch (Exception error) when (error is TimeoutException or InvalidOperationException)
{
    await Console.Error.WriteLineAsync($"{header}: the server did not start: {error.Message}");
    return 1;
}
Console.WriteLine($"  servers listening on {servers.Describe} (started in {total.Elapsed.TotalSeconds:F1} s)");

var stats = new CallStats();
var acks = new Acknowledgements();
var workload = new Workload(options, servers, acks, stats);
using var probe = new OutageProbe(servers.Instances[0], stats);
var chaos = new ChaosSchedule(options, servers, postgres, stats, probe, workload.Accounts[0], new Random(options.Seed));
var failovers = new FailoverSchedule(options, servers, new FailoverCluster(options), stats);
// Every instance follows a few accounts' history through the faults (not in failover mode, whose
// subject is the database; its streams are specified by the failover spec of StreamHistory).
await using var coherence = new CoherenceWatch(servers, options.FailoverMode ? [] : workload.Accounts.Take(4), options.PgConnectionString);
coherence.Start();
var harnessProblems = new List<string>();

using var stopLoad = new CancellationTokenSource();
var chaosClock = Stopwatch.StartNew();
var load = workload.RunAsync(stopLoad.Token, hardLimit.Token);
try
{
    await (options.FailoverMode ? failovers.RunAsync(chaosClock, hardLimit.Token) : chaos.RunAsync(chaosClock, hardLimit.Token));
}
catch (Exception error) when (error is not OutOfMemoryException)
{
    harnessProblems.Add($"the chaos schedule failed: {error.GetType().Name}: {error.Message}");
}
stopLoad.Cancel();
var loadSeconds = chaosClock.Elapsed.TotalSeconds;
await load;
var drainSeconds = chaosClock.Elapsed.TotalSeconds - loadSeconds;

// The audit reads the database with the server up and idle.
try
{
    foreach (var exited in servers.ExitedOnTheirOwn.ToList())
    {
        harnessProblems.Add($"server{exited.Name} exited on its own after the load stopped");
        await exited.KillAsync();
        await exited.StartAsync(hardLimit.Token);
    }
    await servers.WaitAllServingAsync(TimeSpan.FromSeconds(30), hardLimit.Token);
}
catch (Exception error) when (error is TimeoutException or InvalidOperationException or OperationCanceledException)
{
    harnessProblems.Add($"the server did not serve after the load: {error.Message}");
}
AuditReport audit;
try
{
    audit = await new Audit(options.PgConnectionString, acks, workload.Accounts).RunAsync(CancellationToken.None);
}
catch (Exception error) when (error is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
{
    await Console.Error.WriteLineAsync($"{header}: the audit could not read the database: {error.Message}");
    foreach (var problem in harnessProblems.Concat(chaos.Problems).Concat(failovers.Problems))
    {
        await Console.Error.WriteLineAsync($"  {problem}");
    }
    Console.WriteLine($"crash harness: {chaos.Kills} server kills, {chaos.PostgresRestarts} postgres restarts, {acks.Mutations} operations acknowledged, audit failed");
    return 1;
}
if (!options.FailoverMode)
{
    try
    {
        await coherence.FinishAsync(workload.Accounts, workload.RunId, hardLimit.Token);
    }
    catch (Exception error) when (error is Npgsql.NpgsqlException or OperationCanceledException)
    {
        harnessProblems.Add($"the coherence check could not finish: {error.Message}");
    }
}
await servers.KillAllAsync();

// Wrong answers seen while running count as violations, with the audit's.
audit.Violations.AddRange(acks.Problems);
audit.Violations.AddRange(chaos.Problems);
audit.Violations.AddRange(failovers.Problems);
audit.Violations.AddRange(harnessProblems);
audit.Violations.AddRange(coherence.Problems);
if (!acks.Abandoned.IsEmpty)
{
    audit.Violations.Add($"{acks.Abandoned.Count} requests never got an answer before the time limit (first: {acks.Abandoned.First().What})");
}
if (failovers.Completed < options.Failovers)
{
    audit.Violations.Add($"only {failovers.Completed} of {options.Failovers} failovers completed (promotion and rejoin)");
}
if (chaos.Kills < options.Kills || chaos.PostgresRestarts < options.PgRestarts)
{
    audit.Violations.Add($"only {chaos.Kills} of {options.Kills} kills and {chaos.PostgresRestarts} of {options.PgRestarts} PostgreSQL restarts happened");
}

var mutations = acks.Mutations;
Console.WriteLine();
Console.WriteLine($"  load:     {loadSeconds:F1} s, then {drainSeconds:F1} s for callers to finish their flows");
Console.WriteLine($"  acknowledged: {acks.Grants.Count} grants, {acks.Reserves.Count} reserves, {acks.Commits.Count} commits " +
    $"({acks.Commits.Count(commit => commit.Requested is not null)} partial), {acks.Releases.Count} releases, {acks.Reads} balance reads; " +
    $"{acks.Refused.Count} refused ({Summarize(acks.Refused.Select(refused => refused.Reason))})");
Console.WriteLine($"  replays:  {acks.Replays} acknowledged requests sent again on purpose (an answer that differs from the first is a violation)");
Console.WriteLine($"  retries:  {stats.FailedAttempts} failed attempts, {stats.AnsweredAfterRetry} calls answered only after a retry, " +
    $"at most {stats.AttemptsMax} attempts and {stats.LongestWait.TotalSeconds:F1} s for one answer; " +
    $"{audit.AppliedByEarlierAttempt} changes had been applied by an earlier attempt whose answer was lost");
foreach (var (label, count) in stats.Failures)
{
    Console.WriteLine($"            {count,7} x {label}");
}
Console.WriteLine($"  probes while PostgreSQL was down: {(probe.Outcomes.Count == 0 ? "none" : string.Join(", ", probe.Outcomes.Select(pair => $"{pair.Value} x {pair.Key}")))}");
Console.WriteLine($"  faults:   {chaos.Kills} SIGKILLs, {chaos.PostgresRestarts} immediate PostgreSQL stops, {chaos.CallsInFlightAtFaults} calls in flight at those moments, " +
    $"longest recovery {chaos.LongestRecovery.TotalSeconds:F1} s; {servers.Incarnations} server processes, {servers.ErrorLines} error lines in their logs");
if (coherence.Streams > 0)
{
    Console.WriteLine($"  coherence: {coherence.Streams} history streams ({servers.Instances.Count} instances x {coherence.Streams / servers.Instances.Count} accounts) " +
        $"delivered {coherence.EntriesStreamed} entries, reopened {coherence.Reconnects} times after a break or a refused attempt; " +
        $"{workload.ReadsWithFloor} balance reads with min_sequence (every one must include it), " +
        $"{workload.ReadsBehind} of {workload.ReadsWithoutFloor} reads without it behind an acknowledged write; " +
        $"every instance served the database's balance of every account {coherence.Agreement.TotalSeconds:F1} s after the load" +
        (coherence.NoticesProbed > 0 ? $"; {coherence.NoticesProbed} grants through one instance seen by the others within {coherence.SlowestNotice.TotalMilliseconds:F0} ms" : ""));
}
Console.WriteLine($"  database: {audit.JournalEntries} journal entries over {audit.AccountsChecked} accounts, {audit.LotExpiryEntries} lot expiries, {audit.HoldExpiryEntries} hold expiries; " +
    $"credits: {audit.CreditsGranted} granted - {audit.CreditsCommitted} committed - {audit.LotExpiryCredits} expired " +
    $"{(audit.CreditsGranted - audit.CreditsCommitted - audit.LotExpiryCredits == audit.CreditsRemaining ? "=" : "!=")} {audit.CreditsRemaining} available + held");
Report("lost", audit.Lost);
Report("doubled", audit.Doubled);
Report("violation", audit.Violations);
// The server must answer UNAVAILABLE (DATABASE_UNAVAILABLE) while PostgreSQL is down; INTERNAL breaks
// the contract (callers cannot tell it is safe to retry) even when nothing is lost.
Report("wrong status", [.. stats.Unexpected.Select(pair => $"{pair.Value} x {pair.Key}")]);
if (options.FailoverMode)
{
    Console.WriteLine($"  failovers: {failovers.Kills} primary kills ({failovers.CallsInFlightAtFaults} calls in flight at those moments), {failovers.Completed} completed; " +
        $"longest promotion {failovers.LongestPromotion.TotalSeconds:F1} s, longest rejoin as standby {failovers.LongestRejoin.TotalSeconds:F1} s");
}
Console.WriteLine($"  wall time {total.Elapsed.TotalSeconds:F1} s");
if (options.FailoverMode)
{
    // Wrong statuses (INTERNAL, UNKNOWN from the server) count with the violations: the contract is UNAVAILABLE.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"failover: {failovers.Kills} primary kills, {mutations} operations acknowledged, {audit.Lost.Count} lost, {audit.Doubled.Count} doubled, " +
        $"{audit.Violations.Count + stats.UnexpectedAnswers} invariant violations, longest unavailability {stats.LongestWriteGap.TotalSeconds:F1} s"));
    return audit.Lost.Count + audit.Doubled.Count + audit.Violations.Count + stats.UnexpectedAnswers == 0 ? 0 : 1;
}
if (options.MultiInstance)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"multi-instance: {options.Instances} instances, {chaos.Kills} instance kills, {chaos.PostgresRestarts} postgres restarts, {mutations} operations acknowledged, " +
        $"{audit.Lost.Count} lost, {audit.Doubled.Count} doubled, {audit.Violations.Count} invariant violations, {stats.UnexpectedAnswers} wrong statuses"));
    return audit.Lost.Count + audit.Doubled.Count + audit.Violations.Count + stats.UnexpectedAnswers == 0 ? 0 : 1;
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"crash harness: {chaos.Kills} server kills, {chaos.PostgresRestarts} postgres restarts, {mutations} operations acknowledged, " +
    $"{audit.Lost.Count} lost, {audit.Doubled.Count} doubled, {audit.Violations.Count} invariant violations, {stats.UnexpectedAnswers} wrong statuses"));
return audit.Lost.Count + audit.Doubled.Count + audit.Violations.Count + stats.UnexpectedAnswers == 0 ? 0 : 1;

static void Report(string heading, List<string> lines)
{
    const int Shown = 40;
    foreach (var line in lines.Take(Shown))
    {
        Console.WriteLine($"  {heading.ToUpperInvariant()}: {line}");
    }
    if (lines.Count > Shown)
    {
        Console.WriteLine($"  ... and {lines.Count - Shown} more {heading} lines");
    }
}

static string Summarize(IEnumerable<string> values)
{
    var groups = values.GroupBy(value => value, StringComparer.Ordinal).Select(group => $"{group.Count()} {group.Key}").ToList();
    return groups.Count == 0 ? "none" : string.Join(", ", groups);
}

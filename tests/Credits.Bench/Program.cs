using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Credits.Bench;
using Credits.Bench.Databases;
using Credits.Bench.Scenarios;

// The credits ledger benchmark: see BenchOptions.Usage, or run through tests/bench.sh.
// Exit code: 0 when every planned measurement completed with zero errors, 1 otherwise,
// 2 for a usage mistake, 130 when interrupted.

var options = BenchOptions.Parse(args, Console.Out, Console.Error);
if (options is null)
{
    return args.Contains("--help") || args.Contains("-h") ? 0 : 2;
}

using var cancellation = new CancellationTokenSource();
// Ctrl-C or a termination request stops the run at once: the current measurement is abandoned,
// the servers are killed and what was measured so far is printed.
void Interrupt(PosixSignalContext signal)
{
    signal.Cancel = true;
    cancellation.Cancel();
}
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
// Servers are killed by their own process ids whichever way the benchmark ends.
AppDomain.CurrentDomain.ProcessExit += (_, _) => ServerProcess.KillAll();

var output = Console.Out;
var plan = new ScenarioPlan(options);
var runId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 4));
var sqliteDirectory = Path.Combine(Path.GetTempPath(), $"credits-bench-{runId}");
var postgres = options.PostgresConnectionString is { } admin ? new PostgresServer(admin, runId) : null;

output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Credits ledger benchmark ({(options.Quick ? "quick" : "full")} run)"));
output.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average {LoadAverage()}"));
output.WriteLine($"server: dotnet {options.ServerDll} (a fresh process per scenario)");
output.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"scenarios: providers {string.Join(", ", options.Providers.Select(ResultRow.ProviderName))}; callers {string.Join(", ", options.Callers)}; " +
    $"account sets {string.Join(", ", options.AccountSets.Select(ResultRow.SetName))} (uniform over {options.Accounts:N0} accounts, hot = one account)"));
if (postgres is not null)
{
    try
    {
        var version = await postgres.SettingAsync("server_version", cancellation.Token);
        var fsync = await postgres.SettingAsync("fsync", cancellation.Token);
        var synchronousCommit = await postgres.SettingAsync("synchronous_commit", cancellation.Token);
        output.WriteLine($"postgresql: {version}, fsync={fsync}, synchronous_commit={synchronousCommit}");
    }
    catch (Exception error) when (error is Npgsql.NpgsqlException or TimeoutException)
    {
        Console.Error.WriteLine($"Cannot reach PostgreSQL ({error.Message}).");
        return 2;
    }
}
output.WriteLine($"plan: {plan.Describe()}");
output.WriteLine();

var table = new ResultTable(output);
var runner = new ScenarioRunner(options, table, output);
var stopwatch = Stopwatch.StartNew();
var interrupted = false;
var crashed = false;
try
{
    await runner.RunAsync(plan, provider => provider == ProviderKind.Postgres ? postgres! : new SqliteFiles(sqliteDirectory), cancellation.Token);
}
catch (Exception) when (cancellation.IsCancellationRequested)
{
    // Cancelled calls surface as OperationCanceledException or as a CANCELLED gRPC status.
    interrupted = true;
    output.WriteLine("Interrupted.");
}
catch (Exception error)
{
    crashed = true;
    Console.Error.WriteLine($"The benchmark failed: {error}");
}
finally
{
    ServerProcess.KillAll();
    if (Directory.Exists(sqliteDirectory))
    {
        Directory.Delete(sqliteDirectory, recursive: true);
    }
}

table.Print(plan.Measurements);
output.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"wall time {stopwatch.Elapsed.TotalSeconds:0} s (planned {plan.Measurements} measurements: {plan.MeasuringTime.TotalSeconds:0} s of measuring); load average {LoadAverage()}"));
if (interrupted)
{
    return 130;
}
return !crashed && table.AllClean && table.Count == plan.Measurements ? 0 : 1;

static string LoadAverage()
{
    try
    {
        return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
    catch (IOException)
    {
        return "unknown";
    }
}

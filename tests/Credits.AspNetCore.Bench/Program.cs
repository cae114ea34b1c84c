// The overhead of Credits.AspNetCore on a trivial endpoint, in one run: bare, .RequireCredits(1), and a
// hand-written Reserve/Commit through Credits.Client, each at 1 and 16 concurrent callers, against the real
// ledger server (a child process) on PostgreSQL. Run through tests/aspnet-bench.sh, which starts PostgreSQL.
//
//   --quick        1 s warm-up and 2 s per measurement (about 30 s in all): the smoke test
//   (default)      2 s warm-up and 5 s per measurement (about 60 s in all)
// Exits 1 if any request failed.
using System.Globalization;
using Credits.AspNetCore.Bench;
using Credits.V1;

var quick = args.Contains("--quick");
var warmup = TimeSpan.FromSeconds(quick ? 1 : 2);
var duration = TimeSpan.FromSeconds(quick ? 2 : 5);
var postgres = Environment.GetEnvironmentVariable("LEDGER_BENCH_PG")
    ?? throw new InvalidOperationException("LEDGER_BENCH_PG is not set: run tests/aspnet-bench.sh.");
var serverDll = Environment.GetEnvironmentVariable("LEDGER_SERVER_DLL")
    ?? throw new InvalidOperationException("LEDGER_SERVER_DLL is not set: run tests/aspnet-bench.sh.");
int[] callerCounts = [1, 16];
string[] modes = ["bare", "priced", "manual"];

await using var ledger = await LedgerProcess.StartAsync(serverDll, postgres);
for (var caller = 0; caller < callerCounts.Max(); caller++)
{
    await ledger.Client.GrantAsync(new GrantRequest
    {
        AccountId = string.Create(CultureInfo.InvariantCulture, $"user:bench-{caller}"),
        Amount = 1_000_000_000,
        Bucket = Bucket.Purchased,
        Reference = "aspnet-bench",
        IdempotencyKey = $"bench-grant-{Guid.NewGuid():N}",
    });
}

var app = await BenchApp.StartAsync(ledger);
using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Credits.AspNetCore overhead: {warmup.TotalSeconds:0} s warm-up, {duration.TotalSeconds:0} s measured per row; ledger on PostgreSQL (fsync on), {Environment.ProcessorCount} cores shared by ledger, app and load"));
Console.WriteLine("| mode     | callers | req/s     | p50 ms  | p99 ms  | errors |");
Console.WriteLine("|----------|---------|-----------|---------|---------|--------|");
var results = new List<LoadResult>();
foreach (var callers in callerCounts)
{
    foreach (var mode in modes)
    {
        var result = await LoadRun.RunAsync(http, mode, callers, warmup, duration);
        results.Add(result);
        Console.WriteLine(result.Row());
    }
}

foreach (var callers in callerCounts)
{
    LoadResult Of(string mode) => results.Single(r => r.Mode == mode && r.Callers == callers);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{callers} caller(s): RequireCredits(1) adds {Of("priced").P50Ms - Of("bare").P50Ms:F2} ms at p50 over bare; " +
        $"vs hand-written Reserve/Commit: {Of("priced").RequestsPerSecond / Of("manual").RequestsPerSecond:P0} of its req/s, p50 {Of("priced").P50Ms - Of("manual").P50Ms:+0.00;-0.00} ms"));
}

await app.StopAsync();
await app.DisposeAsync();
var failed = results.Sum(r => r.Errors);
Console.WriteLine(failed == 0 ? "no errors" : $"{failed} requests failed");
return failed == 0 ? 0 : 1;

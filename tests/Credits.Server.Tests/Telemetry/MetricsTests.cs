using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Credits.Client.Errors;
using Credits.Server.Tests.Support;
using Credits.Testing.Hosting;

namespace Credits.Server.Tests.Telemetry;

/// <summary>
/// Metrics are served for Prometheus on the operations listener (<c>Operations:Url</c>) and nowhere
/// else: calls by method, status and reason, the ledger's transactions and batch sizes, the runtime's
/// and the database pool's. Before, nothing was exposed at all.
/// </summary>
public sealed class MetricsTests(Credits.Ledger.Data.DatabaseProvider provider) : ServerFixture(provider)
{
    private readonly int _operationsPort = LoopbackPorts.Free();

    protected override ServerSettings Settings => ServerSettings.Default with
    {
        Configuration = new Dictionary<string, string?> { ["Operations:Url"] = $"http://127.0.0.1:{_operationsPort}" },
    };

    [Test]
    public async Task The_operations_listener_counts_each_call_by_method_status_and_reason_and_the_ledgers_transactions()
    {
        const string Granted = """credits_rpc_server_duration_seconds_count\{[^}]*error_reason="",[^}]*rpc_grpc_status_code="OK",rpc_method="/credits\.v1\.LedgerService/Grant"[^}]*\} (\d+)""";
        const string Refused = """credits_rpc_server_duration_seconds_count\{[^}]*error_reason="INSUFFICIENT_CREDITS",[^}]*rpc_grpc_status_code="FailedPrecondition",rpc_method="/credits\.v1\.LedgerService/Reserve"[^}]*\} (\d+)""";
        const string Batches = """credits_ledger_batches_total\{[^}]*\} (\d+)""";
        var before = await ScrapeAsync();
        var account = $"user:metrics-{Guid.NewGuid():N}";

        for (var i = 0; i < 3; i++)
        {
            await Grant(account, 3);
        }
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<InsufficientCreditsException>(() => Reserve(account, 100));
        }
        var scrape = await ScrapeAsync();

        Assert.That(Value(scrape, Granted) - Value(before, Granted), Is.EqualTo(3), "three grants, each counted once");
        Assert.That(Value(scrape, Refused) - Value(before, Refused), Is.EqualTo(2), "two refusals, with their reason");
        Assert.That(Value(scrape, Batches) - Value(before, Batches), Is.EqualTo(5), "five calls one at a time: five transactions");
        Assert.That(scrape, Does.Contain("credits_ledger_batch_size_bucket{"));
        Assert.That(scrape, Does.Contain("dotnet_gc_collections_total"), "the runtime's metrics");
        if (Provider == Credits.Ledger.Data.DatabaseProvider.Postgres)
        {
            Assert.That(scrape, Does.Match(@"db_client_connections\{[^}]*\} \d"), "the connection pool's use");
        }
    }

    [Test]
    public async Task Prometheus_accepts_the_exposition()
    {
        await Grant($"user:metrics-{Guid.NewGuid():N}", 1);
        var scrape = await ScrapeAsync();

        var (exitCode, complaints) = await PromtoolCheckAsync(scrape);

        Assert.That(complaints, Is.Empty);
        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public async Task Every_series_the_Grafana_dashboard_queries_is_exported()
    {
        await Grant($"user:metrics-{Guid.NewGuid():N}", 1);
        var exported = Regex.Matches(await ScrapeAsync(), @"^([a-z_:][a-z0-9_:]*)[{ ]", RegexOptions.Multiline)
            .Select(series => series.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(
            Path.Combine(Hosting.BuiltServer.RepositoryRoot(), "docs", "grafana", "credits-ledger.json")));

        // In PromQL a metric name is what stands right before a selector's braces or a range.
        var queried = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .SelectMany(target => Regex.Matches(target.GetProperty("expr").GetString()!, @"([a-z_:][a-z0-9_:]*)[{\[]").Select(name => name.Groups[1].Value))
            .Distinct(StringComparer.Ordinal).ToList();

        Assert.That(queried, Has.Count.GreaterThanOrEqualTo(8));
        // Npgsql's pool exists only on PostgreSQL.
        var expected = Provider == Credits.Ledger.Data.DatabaseProvider.Postgres ? queried : queried.Where(name => !name.StartsWith("db_client_", StringComparison.Ordinal));
        Assert.That(expected.Where(name => !exported.Contains(name)), Is.Empty, "queried by the dashboard but not exported");
    }

    [Test]
    public async Task Metrics_are_not_served_on_the_grpc_listener()
    {
        using var http = new HttpClient { DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await http.GetAsync(new Uri(Server.Address, "/metrics"));

        Assert.That((int)response.StatusCode, Is.EqualTo(404));
    }

    private async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient();
        return await http.GetStringAsync($"http://127.0.0.1:{_operationsPort}/metrics");
    }

    /// <summary>The value of the one series <paramref name="pattern"/> matches; 0 before it first appears.</summary>
    private static long Value(string scrape, string pattern) =>
        Regex.Match(scrape, pattern) is { Success: true } found ? long.Parse(found.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    /// <summary>Runs <c>promtool check metrics</c> (Debian's prometheus package; .ci/run installs it) over <paramref name="exposition"/>.</summary>
    private static async Task<(int ExitCode, string Complaints)> PromtoolCheckAsync(string exposition)
    {
        const string Promtool = "/usr/bin/promtool";
        Assert.That(File.Exists(Promtool), Is.True, "promtool is missing: apt-get install prometheus");
        var start = new System.Diagnostics.ProcessStartInfo(Promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var promtool = System.Diagnostics.Process.Start(start)!;
        var output = promtool.StandardOutput.ReadToEndAsync();
        var errors = promtool.StandardError.ReadToEndAsync();
        await promtool.StandardInput.WriteAsync(exposition);
        promtool.StandardInput.Close();
        await promtool.WaitForExitAsync();
        return (promtool.ExitCode, (await output + await errors).Trim());
    }
}

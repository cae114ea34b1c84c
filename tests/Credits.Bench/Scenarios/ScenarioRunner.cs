using System.Diagnostics;
using System.Globalization;
using Credits.Bench.Baselines;
using Credits.Bench.Databases;

namespace Credits.Bench.Scenarios;

/// <summary>
/// Runs a plan: per provider, seeds a template database through a server's Grant RPC, then runs
/// every scenario on a fresh copy of it with a fresh server process, and records each measurement
/// in the table. A scenario that fails (say its server does not start) is recorded and the run
/// goes on; cancellation (Ctrl-C) stops it.
/// </summary>
internal sealed class ScenarioRunner(BenchOptions options, ResultTable table, TextWriter log)
{
    private const string Template = "seed";

    private readonly Accounts _accounts = new(options.Accounts);
    private int _measurement;
    private int _scenario;

    // The codes of the provider whose template was seeded last (scenarios run provider by provider).
    private GiftRedemptions? _gifts;

    public async Task RunAsync(ScenarioPlan plan, Func<ProviderKind, IScenarioDatabases> databasesFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(databasesFor);
        foreach (var group in plan.Scenarios.GroupBy(scenario => scenario.Provider))
        {
            var databases = databasesFor(group.Key);
            try
            {
                await SeedTemplateAsync(databases, cancellationToken);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                table.Fail($"{ResultRow.ProviderName(group.Key)} seeding", error);
                await DropQuietlyAsync(databases, Template);
                continue;
            }
            try
            {
                foreach (var scenario in group)
                {
                    await RunScenarioAsync(databases, scenario, cancellationToken);
                }
            }
            finally
            {
                await DropQuietlyAsync(databases, Template);
            }
        }
    }

    private async Task SeedTemplateAsync(IScenarioDatabases databases, CancellationToken cancellationToken)
    {
        var provider = ResultRow.ProviderName(databases.Provider);
        var connectionString = await databases.CreateEmptyAsync(Template, cancellationToken);
        await using (var server = await ServerProcess.StartAsync(options.ServerDll, databases.Provider, connectionString, cancellationToken))
        {
            var took = await Seeder.SeedAsync(server.Client, _accounts, cancellationToken);
            await PoolPairs.SeedAsync(server.Client, cancellationToken);
            var codes = Stopwatch.StartNew();
            _gifts = await GiftRedemptions.SeedAsync(server.Client, options.GiftCodes, cancellationToken);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{provider}: created {options.GiftCodes:N0} gift codes in {codes.Elapsed.TotalSeconds:0.0} s"));
            var grants = _accounts.All.Count();
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{provider}: seeded {grants:N0} accounts with a Grant and (all but the followed one) a Reserve+Commit each in {took.TotalSeconds:0.0} s; every scenario gets a copy"));
        }
        var usageSeed = Stopwatch.StartNew();
        await databases.ExecuteAsync(Template, UsageReads.SeedSql(_accounts.Usage, options.UsageEntries, DateTimeOffset.UtcNow), cancellationToken);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{provider}: wrote {options.UsageEntries:N0} journal entries over a year to {_accounts.Usage} and its daily aggregates in {usageSeed.Elapsed.TotalSeconds:0.0} s"));
        await databases.SealTemplateAsync(Template, cancellationToken);
    }

    private async Task RunScenarioAsync(IScenarioDatabases databases, Scenario scenario, CancellationToken cancellationToken)
    {
        var name = "s" + (++_scenario).ToString(CultureInfo.InvariantCulture);
        log.WriteLine($"{scenario}:");
        try
        {
            var connectionString = await databases.CopyAsync(Template, name, cancellationToken);
            await using var server = await ServerProcess.StartAsync(options.ServerDll, scenario.Provider, connectionString, cancellationToken);
            await MeasureScenarioAsync(databases, name, scenario, server, cancellationToken);
            if (scenario.MeasuresSwitches)
            {
                foreach (var setting in ServerSwitch.All)
                {
                    await MeasureSwitchAsync(databases, name, scenario, setting, cancellationToken);
                }
            }
            if (server.Warnings + server.Errors > 0)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the server logged {server.Warnings} warnings and {server.Errors} errors; its last lines:"));
                foreach (var line in server.Tail.TakeLast(5))
                {
                    log.WriteLine($"    {line}");
                }
            }
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            table.Fail(scenario.ToString(), error);
        }
        finally
        {
            await DropQuietlyAsync(databases, name);
        }
    }

    private async Task MeasureScenarioAsync(IScenarioDatabases databases, string name, Scenario scenario, ServerProcess server,
        CancellationToken cancellationToken)
    {
        var (provider, set, callers) = (scenario.Provider, scenario.Set, scenario.Callers);
        var nextAccount = _accounts.Picker(set);

        if (scenario.MeasuresNoop)
        {
            var noop = await MeasureAsync(callers, server, _ => NoopBaseline.Create(server.Health), cancellationToken);
            table.Add(new ResultRow(provider, null, callers, NoopBaseline.Name, noop, server.PeakResidentKib(), ""));
        }

        if (databases.RawSqlConnectionString(name) is { } rawConnectionString)
        {
            await using var raw = new RawSqlBaseline(rawConnectionString, callers);
            var prefix = KeyPrefix();
            var rawPairs = await MeasureAsync(callers, server, caller => raw.Create($"{prefix}-{caller.ToString(CultureInfo.InvariantCulture)}-", nextAccount), cancellationToken);
            table.Add(new ResultRow(provider, set, callers, RawSqlBaseline.Name, rawPairs, null, ""));
            if (scenario.MeasuresPgbench)
            {
                var pgbench = await PgbenchBaseline.RunAsync(options.Pgbench!, rawConnectionString, set, options.Accounts, callers,
                    MeasurementClock.StartNow(options.Warmup, options.Duration), CpuMeter.For(null, options.PostgresDataDirectory), cancellationToken);
                table.Add(new ResultRow(provider, set, callers, PgbenchBaseline.Name, pgbench, null, "pgbench's own CPU is not counted"));
            }
        }

        var pairsPrefix = KeyPrefix();
        if (options.Settle > TimeSpan.Zero)
        {
            // Unrecorded pairs first: a fresh server spent half its CPU in the tiered JIT during a
            // 2-second warm-up at one caller (perf: the ".NET Tiered Compilation" thread), which the
            // table then charged to each pair; a server in production has long finished that.
            var settlePrefix = KeyPrefix();
            await Measurement.RunAsync(MeasurementClock.StartNow(options.Settle, TimeSpan.Zero), callers,
                caller => LedgerPairs.Create(server.Client, $"{settlePrefix}-{caller.ToString(CultureInfo.InvariantCulture)}-", nextAccount), cancellationToken);
        }
        var pairs = await MeasureAsync(callers, server,
            caller => LedgerPairs.Create(server.Client, $"{pairsPrefix}-{caller.ToString(CultureInfo.InvariantCulture)}-", nextAccount), cancellationToken);
        table.Add(new ResultRow(provider, set, callers, LedgerPairs.Name, pairs, server.PeakResidentKib(), ""));

        if (scenario.MeasuresPools)
        {
            var poolPrefix = KeyPrefix();
            var poolPairs = await MeasureAsync(callers, server,
                caller => PoolPairs.Create(server.Client, $"{poolPrefix}-{caller.ToString(CultureInfo.InvariantCulture)}-"), cancellationToken);
            table.Add(new ResultRow(provider, set, callers, PoolPairs.Name, poolPairs, server.PeakResidentKib(), "one pool account for every caller"));
        }

        if (scenario.MeasuresGifts && _gifts is { } gifts)
        {
            gifts.Rewind();
            var redeemPrefix = KeyPrefix();
            var redemptions = await MeasureAsync(callers, server,
                caller => gifts.Create(server.Client, $"{redeemPrefix}-{caller.ToString(CultureInfo.InvariantCulture)}-", nextAccount), cancellationToken);
            table.Add(new ResultRow(provider, set, callers, GiftRedemptions.Name, redemptions, server.PeakResidentKib(), "a new code each"));
        }

        if (scenario.PairsOnly)
        {
            return;
        }

        if (scenario.MeasuresTransfers)
        {
            var transfersPrefix = KeyPrefix();
            var receivers = _accounts.Picker(AccountSetKind.Uniform);
            var transfers = await MeasureAsync(callers, server,
                caller => LedgerTransfers.Create(server.Client, $"{transfersPrefix}-{caller.ToString(CultureInfo.InvariantCulture)}-", nextAccount, receivers),
                cancellationToken);
            table.Add(new ResultRow(provider, set, callers, LedgerTransfers.Name, transfers, server.PeakResidentKib(), ""));
        }

        var reads = await MeasureAsync(callers, server, _ => BalanceReads.Create(server.Client, nextAccount), cancellationToken);
        table.Add(new ResultRow(provider, set, callers, BalanceReads.Name, reads, server.PeakResidentKib(), ""));

        if (set == AccountSetKind.Uniform)
        {
            var usage = await MeasureAsync(callers, server, _ => UsageReads.Create(server.Client, _accounts.Usage), cancellationToken);
            table.Add(new ResultRow(provider, set, callers, UsageReads.Name(options.UsageEntries), usage, server.PeakResidentKib(), ""));
        }
        else
        {
            await MeasureFollowerAsync(scenario, server, cancellationToken);
        }
    }

    /// <summary>
    /// The pairs through two fresh servers, one with <paramref name="setting"/> on and one with it
    /// off, each on its own fresh copy of the template (sharing one database, the "on" usage
    /// projector paid for reading back from the journal what the "off" server had not handed it):
    /// both first warmed up alike (a whole measurement each, unrecorded: a fresh process's JIT
    /// against the scenario's server, which had run for minutes, looked 1.5x slower), then measured
    /// in half windows on, off, off, on. Two rows whose ratio is the setting's cost (see <see cref="ServerSwitch"/>).
    /// </summary>
    private async Task MeasureSwitchAsync(IScenarioDatabases databases, string name, Scenario scenario, ServerSwitch setting,
        CancellationToken cancellationToken)
    {
        var (onName, offName) = (name + "on", name + "off");
        try
        {
            await MeasureSwitchAsync(await databases.CopyAsync(Template, onName, cancellationToken), await databases.CopyAsync(Template, offName, cancellationToken),
                scenario, setting, cancellationToken);
        }
        finally
        {
            await DropQuietlyAsync(databases, onName);
            await DropQuietlyAsync(databases, offName);
        }
    }

    private async Task MeasureSwitchAsync(string onDatabase, string offDatabase, Scenario scenario, ServerSwitch setting, CancellationToken cancellationToken)
    {
        var nextAccount = _accounts.Picker(scenario.Set);
        await using var on = await ServerProcess.StartAsync(options.ServerDll, scenario.Provider, onDatabase, cancellationToken,
            new Dictionary<string, string> { [setting.Variable] = "true" });
        await using var off = await ServerProcess.StartAsync(options.ServerDll, scenario.Provider, offDatabase, cancellationToken,
            new Dictionary<string, string> { [setting.Variable] = "false" });
        var onWindows = new List<MeasurementResult>();
        var offWindows = new List<MeasurementResult>();
        // ABBA then BAAB: a linear drift cancels within each half, and neither server holds the
        // first and last place (in ABBA alone, "on" came out 4% to 48% ahead in every loaded run,
        // whichever setting was switched).
        var quarter = options.Duration / 4;
        var windows = new (ServerProcess, TimeSpan)[] { (on, options.Duration), (off, options.Duration) }
            .Concat(new[] { on, off, off, on, off, on, on, off }.Select(server => (server, quarter)));
        foreach (var (server, window) in windows)
        {
            var prefix = KeyPrefix();
            var result = await Measurement.RunAsync(MeasurementClock.StartNow(options.Warmup, window), scenario.Callers,
                caller => LedgerPairs.Create(server.Client, $"{prefix}-{caller.ToString(CultureInfo.InvariantCulture)}-", nextAccount),
                cancellationToken, CpuMeter.For(server.Pid, options.PostgresDataDirectory));
            if (window < options.Duration)
            {
                (ReferenceEquals(server, on) ? onWindows : offWindows).Add(result);
            }
        }
        table.Add(new ResultRow(scenario.Provider, scenario.Set, scenario.Callers, setting.OnRow, MeasurementResult.Combine(onWindows),
            on.PeakResidentKib(), "after a warm-up each, windows 1, 4, 6, 7 of on, off, off, on, off, on, on, off"));
        table.Add(new ResultRow(scenario.Provider, scenario.Set, scenario.Callers, setting.OffRow, MeasurementResult.Combine(offWindows),
            off.PeakResidentKib(), "windows 2, 3, 5, 8"));
    }

    /// <summary>
    /// Writers (the scenario's callers, Reserve+Commit pairs) on the followed account, whose journal
    /// holds only its seed grant (sequence 1), and one follower from there.
    /// </summary>
    private async Task MeasureFollowerAsync(Scenario scenario, ServerProcess server, CancellationToken cancellationToken)
    {
        var followed = _accounts.Followed;
        var prefix = KeyPrefix();
        var clock = MeasurementClock.StartNow(options.Warmup, options.Duration);
        var follower = HistoryFollower.RunAsync(server.Client, followed, afterSequence: 1, clock, cancellationToken);
        var writers = Measurement.RunAsync(clock, scenario.Callers,
            caller => LedgerPairs.Create(server.Client, $"{prefix}-{caller.ToString(CultureInfo.InvariantCulture)}-", () => followed), cancellationToken,
            CpuMeter.For(server.Pid, options.PostgresDataDirectory));
        await Task.WhenAll(follower, writers);

        var delivered = await follower;
        var written = await writers;
        var combined = delivered with
        {
            Errors = delivered.Errors + written.Errors,
            ErrorSamples = [.. delivered.ErrorSamples, .. written.ErrorSamples.Select(sample => "writer: " + sample)],
        };
        var note = string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Callers} writers: {written.OpsPerSecond:N0} pairs/s = {2 * written.OpsPerSecond:N0} entries/s written");
        table.Add(new ResultRow(scenario.Provider, scenario.Set, scenario.Callers, HistoryFollower.Name, combined, server.PeakResidentKib(), note));
    }

    private Task<MeasurementResult> MeasureAsync(int callers, ServerProcess server, Func<int, Measurement.Operation> createOperation,
        CancellationToken cancellationToken)
    {
        var clock = MeasurementClock.StartNow(options.Warmup, options.Duration);
        return Measurement.RunAsync(clock, callers, createOperation, cancellationToken, CpuMeter.For(server.Pid, options.PostgresDataDirectory));
    }

    // Idempotency keys are unique per operation: a measurement prefix, the caller, a counter.
    private string KeyPrefix() => "bench-m" + (++_measurement).ToString(CultureInfo.InvariantCulture);

    private async Task DropQuietlyAsync(IScenarioDatabases databases, string name)
    {
        try
        {
            await databases.DropAsync(name, CancellationToken.None);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            log.WriteLine($"  (could not drop {name}: {error.Message})");
        }
    }
}

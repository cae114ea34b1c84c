using System.Globalization;
using System.Text;
using Credits.Bench.Baselines;
using Credits.Bench.Scenarios;

namespace Credits.Bench;

/// <summary>
/// Collects the measurements, prints each as it completes, and prints the final table with the
/// ratios: ops/s of a ledger workload divided by the no-op calls/s of the same provider and callers,
/// and (Reserve+Commit pairs) by the raw-SQL pairs/s and by pgbench's pairs/s of the same callers and account set.
/// </summary>
internal sealed class ResultTable(TextWriter output)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly List<ResultRow> _rows = [];
    private readonly List<string> _failures = [];

    /// <summary>Whether every measurement completed and none had an error.</summary>
    public bool AllClean => _failures.Count == 0 && _rows.All(row => row.Result.Errors == 0);

    /// <summary>Measurements recorded.</summary>
    public int Count => _rows.Count;

    /// <summary>Adds a measurement and prints it on one line.</summary>
    public void Add(ResultRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        _rows.Add(row);
        var result = row.Result;
        output.WriteLine(string.Create(Invariant, $"  {row.Scenario,-20} {row.Workload,-28} {Rate(result.OpsPerSecond),9} ops/s  p50 {Ms(result.Latency.PercentileMs(50))} ms  " +
            $"p99 {Ms(result.Latency.PercentileMs(99))} ms  cpu µs/op {CpuPerOperation(result)}  busy {Busy(result)}  errors {result.Errors}{(row.Note.Length > 0 ? "  " + row.Note : "")}"));
        foreach (var sample in result.ErrorSamples)
        {
            output.WriteLine($"      error: {sample}");
        }
    }

    /// <summary>Records a scenario that could not complete (its server did not start, say).</summary>
    public void Fail(string scenario, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = $"{scenario}: {error.GetType().Name}: {error.Message}";
        _failures.Add(message);
        output.WriteLine($"  FAILED {message}");
    }

    /// <summary>Prints the whole table, the legend, the failures, and whether all <paramref name="planned"/> measurements completed cleanly.</summary>
    public void Print(int planned)
    {
        var header = new[] { "scenario", "workload", "ops/s", "p50 ms", "p99 ms", "p99.9 ms", "vs no-op", "vs raw SQL", "vs pgbench", "cpu µs/op srv/pg/bench", "busy", "server VmHWM", "errors" };
        var lines = _rows.Select(row => new[]
        {
            row.Scenario,
            row.Workload,
            Rate(row.Result.OpsPerSecond),
            Ms(row.Result.Latency.PercentileMs(50)),
            Ms(row.Result.Latency.PercentileMs(99)),
            Ms(row.Result.Latency.PercentileMs(99.9)),
            VersusNoop(row),
            VersusRawSql(row),
            VersusPgbench(row),
            CpuPerOperation(row.Result),
            Busy(row.Result),
            row.ServerPeakKib is { } kib ? (kib / 1024.0).ToString("0", Invariant) + " MiB" : "-",
            row.Result.Errors.ToString(Invariant),
        }).ToList();
        var widths = header.Select((title, column) => Math.Max(title.Length, lines.Count == 0 ? 0 : lines.Max(line => line[column].Length))).ToArray();
        var leftAligned = new[] { true, true, false, false, false, false, false, false, false, false, false, false, false };

        output.WriteLine();
        output.WriteLine(Format(header, widths, leftAligned));
        output.WriteLine(string.Join("  ", widths.Select(width => new string('-', width))));
        foreach (var line in lines)
        {
            output.WriteLine(Format(line, widths, leftAligned));
        }
        output.WriteLine();
        output.WriteLine("ops/s: completed operations per second in the measuring window (a Reserve+Commit pair is one operation;");
        output.WriteLine("  for the follower, journal entries delivered per second). Latency: per operation; for the follower, the");
        output.WriteLine("  delay from an entry's created_at to its arrival. vs no-op: ops/s / no-op calls/s, same provider and callers.");
        output.WriteLine("  vs raw SQL: pairs/s / raw-SQL pairs/s, same callers and account set (PostgreSQL only; n/a on SQLite).");
        output.WriteLine("  vs pgbench: pairs/s / pgbench's pairs/s (the raw-SQL transactions from PostgreSQL's C client), same callers and set.");
        output.WriteLine("  cpu µs/op: CPU time per operation in the window of the server process / the PostgreSQL cluster (postmaster");
        output.WriteLine("  and children) / this benchmark process (callers, and the raw-SQL baseline's client). busy: share of all");
        output.WriteLine("  the machine's cores in use during the window; near 100% means the parties compete for CPU.");
        output.WriteLine("  server VmHWM: peak resident memory of the server process (a fresh one per scenario) after the measurement.");
        output.WriteLine("  The no-op is grpc.health.v1.Health/Check on the liveness service (\"\"): the same server stack, no ledger or database work.");
        foreach (var setting in ServerSwitch.All)
        {
            foreach (var off in _rows.Where(row => row.Workload == setting.OffRow))
            {
                var on = _rows.FirstOrDefault(row => row.Workload == setting.OnRow && row.Provider == off.Provider && row.Set == off.Set && row.Callers == off.Callers);
                if (on is not null && off.Result.OpsPerSecond > 0)
                {
                    output.WriteLine(string.Create(Invariant,
                        $"{setting.Name} on/off (ABBA) {on.Scenario}: {Rate(on.Result.OpsPerSecond)} / {Rate(off.Result.OpsPerSecond)} pairs/s = {on.Result.OpsPerSecond / off.Result.OpsPerSecond:0.000}"));
                }
            }
        }
        foreach (var failure in _failures)
        {
            output.WriteLine($"FAILED {failure}");
        }
        var errors = _rows.Sum(row => row.Result.Errors);
        var ok = AllClean && _rows.Count == planned;
        output.WriteLine(string.Create(Invariant,
            $"{_rows.Count} of {planned} planned measurements, {errors} errors, {_failures.Count} failed scenarios: {(ok ? "OK" : "NOT OK")}"));
    }

    private string VersusNoop(ResultRow row)
    {
        if (row.Workload == NoopBaseline.Name)
        {
            return "1.00";
        }
        if (row.Workload == HistoryFollower.Name)
        {
            return "-";
        }
        var noop = _rows.FirstOrDefault(other => other.Workload == NoopBaseline.Name && other.Provider == row.Provider && other.Callers == row.Callers);
        return Ratio(row, noop);
    }

    private string VersusRawSql(ResultRow row)
    {
        if (row.Workload == RawSqlBaseline.Name)
        {
            return "1.00";
        }
        if (row.Workload != LedgerPairs.Name)
        {
            return "-";
        }
        if (row.Provider != ProviderKind.Postgres)
        {
            return "n/a";
        }
        var raw = _rows.FirstOrDefault(other => other.Workload == RawSqlBaseline.Name && other.Provider == row.Provider
                                                && other.Set == row.Set && other.Callers == row.Callers);
        return Ratio(row, raw);
    }

    private string VersusPgbench(ResultRow row)
    {
        if (row.Workload == PgbenchBaseline.Name)
        {
            return "1.00";
        }
        if (row.Workload is not (LedgerPairs.Name or RawSqlBaseline.Name))
        {
            return "-";
        }
        if (row.Provider != ProviderKind.Postgres)
        {
            return "n/a";
        }
        var pgbench = _rows.FirstOrDefault(other => other.Workload == PgbenchBaseline.Name && other.Provider == row.Provider
                                                    && other.Set == row.Set && other.Callers == row.Callers);
        return Ratio(row, pgbench);
    }

    private static string Ratio(ResultRow row, ResultRow? baseline)
    {
        if (baseline is null || baseline.Result.OpsPerSecond <= 0)
        {
            return "-";
        }
        var ratio = row.Result.OpsPerSecond / baseline.Result.OpsPerSecond;
        // Small ratios keep two significant digits: 0.0045, not 0.00.
        return ratio.ToString(ratio < 0.1 ? "0.00##" : "0.00", Invariant);
    }

    private static string CpuPerOperation(MeasurementResult result)
    {
        if (result.Cpu is not { } cpu)
        {
            return "-";
        }
        static string Micros(double? value) => value is { } micros ? micros.ToString("0", Invariant) : "?";
        return $"{Micros(CpuUsage.MicrosPerOperation(cpu.ServerSeconds, result.Operations))}/" +
               $"{Micros(CpuUsage.MicrosPerOperation(cpu.PostgresSeconds, result.Operations))}/" +
               $"{Micros(CpuUsage.MicrosPerOperation(cpu.ClientSeconds, result.Operations))}";
    }

    private static string Busy(MeasurementResult result) =>
        result.Cpu?.MachineBusy is { } busy ? busy.ToString("0%", Invariant) : "-";

    private static string Rate(double perSecond) => perSecond.ToString(perSecond < 100 ? "0.0" : "#,0", Invariant);

    private static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms.ToString(ms < 10 ? "0.00" : ms < 100 ? "0.0" : "0", Invariant);

    private static string Format(string[] cells, int[] widths, bool[] leftAligned)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append("  ");
            }
            line.Append(leftAligned[i] ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
        }
        return line.ToString().TrimEnd();
    }
}
